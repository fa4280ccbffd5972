export default function AdminWorkbench() {
  return null;
}
