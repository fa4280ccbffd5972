export default function HolderWorkbench() {
  return null;
}
