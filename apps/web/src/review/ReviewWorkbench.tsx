export default function ReviewWorkbench() {
  return null;
}
