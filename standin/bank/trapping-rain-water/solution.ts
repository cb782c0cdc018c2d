export function trap(height: number[]): number {
  // Two pointers move inwards. Water above a bar is limited by the lower of
  // the two side maxima. If leftMax <= rightMax, the bar at `left` is
  // bounded by leftMax (something at least as tall exists on the right),
  // so its water is known exactly; symmetrically for the right side.
  let left = 0;
  let right = height.length - 1;
  let leftMax = 0;
  let rightMax = 0;
  let water = 0;
  while (left <= right) {
    if (leftMax <= rightMax) {
      leftMax = Math.max(leftMax, height[left]);
      water += leftMax - height[left]; // never negative: max includes the bar
      left++;
    } else {
      rightMax = Math.max(rightMax, height[right]);
      water += rightMax - height[right];
      right--;
    }
  }
  return water;
}
