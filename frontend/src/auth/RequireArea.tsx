import type { ReactNode } from "react";
import { Link, Navigate, useLocation } from "react-router-dom";
import { useAuth } from "./AuthContext";
import { canReach, homeFor, type Area } from "./roles";
import { PageTitle } from "../components/PageTitle";

export function RequireArea({ area, children }: { area: Area; children: ReactNode }) {
  const { user, checking } = useAuth();
  const location = useLocation();
  if (checking) return <p role="status">Checking you are signed in…</p>;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  if (!canReach(user.role, area)) {
    return (
      <>
        <PageTitle>You cannot see this page</PageTitle>
        <p>This page is not available to your role.</p>
        <p>
          <Link to={homeFor(user.role)}>Go to your home page</Link>
        </p>
      </>
    );
  }
  return <>{children}</>;
}
