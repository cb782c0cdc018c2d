from solution import network_delay_time


def test_example():
    assert network_delay_time([[2, 1, 1], [2, 3, 1], [3, 4, 1]], 4, 2) == 2


def test_single_link():
    assert network_delay_time([[1, 2, 1]], 2, 1) == 1


def test_unreachable_node():
    assert network_delay_time([[1, 2, 1]], 2, 2) == -1, "links are directed"


def test_single_node():
    assert network_delay_time([], 1, 1) == 0


def test_longer_route_is_faster():
    times = [[1, 2, 10], [1, 3, 1], [3, 4, 1], [4, 2, 1]]
    assert network_delay_time(times, 4, 1) == 3, "1 -> 3 -> 4 -> 2 beats the direct link"


def test_parallel_links():
    assert network_delay_time([[1, 2, 7], [1, 2, 2], [2, 3, 0]], 3, 1) == 2, "the cheaper duplicate wins"
