export default function WindowWorkbench() {
  return null;
}
