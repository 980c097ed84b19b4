/** Plans — to be built (CONTRACT §7). */
export function PlansPage() {
  return <h1>Plans</h1>;
}
