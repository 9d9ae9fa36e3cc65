import { Suspense } from "react";
import { NavLink, Outlet, useLocation, useNavigate } from "react-router-dom";
import { useAuth } from "../auth/AuthContext";
import { navFor, ROLE_NAMES } from "../auth/roles";

export function Layout() {
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  // A unit's page is part of the heatmap's area.
  const current = (to: string) => pathname.startsWith(to) || (to === "/heatmap" && pathname.startsWith("/units/"));
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="site-header">
        <div className="width-container header-row">
          <span className="service-name">Keel</span>
          {user && (
            <nav aria-label="Main">
              <ul className="nav-list">
                {navFor(user.role).map((link) => (
                  <li key={link.to}>
                    <NavLink
                      to={link.to}
                      className={current(link.to) ? "active" : undefined}
                      aria-current={current(link.to) ? "page" : undefined}
                    >
                      {link.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {user && (
            <div className="signed-in">
              <span>
                {user.full_name} <span className="role-tag">{ROLE_NAMES[user.role]}</span>
              </span>
              {user.role !== "regional_leader" && ( // notices are about a council's own work
                <NavLink
                  to="/notices"
                  className="button-link"
                  aria-current={pathname === "/notices" ? "page" : undefined}
                >
                  My notices
                </NavLink>
              )}
              <button
                type="button"
                className="button-link"
                onClick={async () => {
                  await signOut();
                  navigate("/login");
                }}
              >
                Sign out
              </button>
            </div>
          )}
        </div>
      </header>
      <main id="main" className="width-container" tabIndex={-1}>
        <Suspense fallback={<p role="status">Loading the page…</p>}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
