/** 受理窗口: where people file applications in person. */
export interface AcceptanceWindow {
  id: string;
  code: string;
  name: string;
  /** null: the window serves the whole city (the centre hall, the high-tech zone). */
  districtCode: string | null;
  address: string;
  openingHours: string;
  phone: string | null;
  active: boolean;
  version: number;
}
