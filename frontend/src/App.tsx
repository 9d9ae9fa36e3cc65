import { lazy } from "react";
import { Navigate, Route, Routes } from "react-router-dom";
import { useAuth } from "./auth/AuthContext";
import { RequireArea } from "./auth/RequireArea";
import { homeFor } from "./auth/roles";
import { Layout } from "./components/Layout";
import { PageTitle } from "./components/PageTitle";
import { BoardPage } from "./pages/board/BoardPage";
import { LoginPage } from "./pages/LoginPage";
import { MyCaseloadPage } from "./pages/MyCaseloadPage";
import { NoticesPage } from "./pages/NoticesPage";

// The leader's pages carry the chart library: load them only when a leader opens them.
const HeatmapPage = lazy(() => import("./pages/HeatmapPage").then((m) => ({ default: m.HeatmapPage })));
const RegionPage = lazy(() => import("./pages/RegionPage").then((m) => ({ default: m.RegionPage })));
const UnitPage = lazy(() => import("./pages/UnitPage").then((m) => ({ default: m.UnitPage })));
// Likewise the administrator's pages.
const AdminArea = lazy(() => import("./pages/admin/AdminArea").then((m) => ({ default: m.AdminArea })));

function Home() {
  const { user, checking } = useAuth();
  if (checking) return <p role="status">Checking you are signed in…</p>;
  return <Navigate to={user ? homeFor(user.role) : "/login"} replace />;
}

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        <Route path="login" element={<LoginPage />} />
        <Route
          path="board"
          element={
            <RequireArea area="board">
              <BoardPage />
            </RequireArea>
          }
        />
        <Route
          path="me"
          element={
            <RequireArea area="me">
              <MyCaseloadPage />
            </RequireArea>
          }
        />
        <Route
          path="heatmap"
          element={
            <RequireArea area="heatmap">
              <HeatmapPage />
            </RequireArea>
          }
        />
        <Route
          path="region"
          element={
            <RequireArea area="region">
              <RegionPage />
            </RequireArea>
          }
        />
        <Route
          path="units/:unitId"
          element={
            <RequireArea area="heatmap">
              <UnitPage />
            </RequireArea>
          }
        />
        <Route path="notices" element={<NoticesPage />} />
        <Route
          path="admin/*"
          element={
            <RequireArea area="admin">
              <AdminArea />
            </RequireArea>
          }
        />
        <Route path="*" element={<PageTitle>Page not found</PageTitle>} />
      </Route>
    </Routes>
  );
}
