<?php

function findOrder(int $numCourses, array $prerequisites): array
{
    // Kahn's algorithm: a course becomes available once all its prerequisites
    // are taken (in-degree 0). A min-heap of available courses makes us always
    // take the smallest number first. If some course is never freed, the
    // remaining courses form a cycle and there is no valid order.
    $unlocks = array_fill(0, $numCourses, []);
    $indegree = array_fill(0, $numCourses, 0);
    foreach ($prerequisites as [$course, $before]) {
        $unlocks[$before][] = $course;
        $indegree[$course]++;
    }
    $available = new SplMinHeap();
    for ($c = 0; $c < $numCourses; $c++) {
        if ($indegree[$c] === 0) {
            $available->insert($c);
        }
    }
    $order = [];
    while (!$available->isEmpty()) {
        $course = $available->extract();
        $order[] = $course;
        foreach ($unlocks[$course] as $next) {
            $indegree[$next]--;
            if ($indegree[$next] === 0) {
                $available->insert($next);
            }
        }
    }
    return count($order) === $numCourses ? $order : [];
}
