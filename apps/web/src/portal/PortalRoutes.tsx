import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
/** The map library is most of the search page's weight; the shell (menu, sign-in) paints without it. */
const ListingSearch = lazy(() => import('./ListingSearch'));
const ListingDetail = lazy(() => import('./ListingDetail'));
const Announcements = lazy(() => import('./Announcements'));
const CertificateVerification = lazy(() => import('./CertificateVerification'));
/** ECharts is most of this page's weight, so only visitors of the statistics download it. */
const Statistics = lazy(() => import('./Statistics'));

/** The public portal: nothing here needs an account. */
export function PortalRoutes() {
  return (
    <Routes>
      <Route index element={<ListingSearch />} />
      <Route path="listings/:id" element={<ListingDetail />} />
      <Route path="announcements" element={<Announcements />} />
      <Route path="verify" element={<CertificateVerification />} />
      <Route path="verify/:number" element={<CertificateVerification />} />
      <Route path="statistics" element={<Statistics />} />
    </Routes>
  );
}
