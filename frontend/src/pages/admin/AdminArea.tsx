import { Navigate, NavLink, Route, Routes } from "react-router-dom";
import { PageTitle } from "../../components/PageTitle";
import { AuditPage } from "./audit/AuditPage";
import { ImportPage } from "./import/ImportPage";
import { SettingsPage } from "./settings/SettingsPage";
import { AddUserPage } from "./users/AddUserPage";
import { EditUserPage } from "./users/EditUserPage";
import { UsersPage } from "./users/UsersPage";

const SECTIONS = [
  { to: "/admin/users", label: "Users" },
  { to: "/admin/settings", label: "Weighting settings" },
  { to: "/admin/audit", label: "Audit trail" },
  { to: "/admin/import", label: "Import and export" },
];

/** The administrator's pages: keeping the data right. */
export function AdminArea() {
  return (
    <>
      <nav aria-label="Admin" className="sub-nav">
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.to}>
              <NavLink to={section.to}>{section.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Routes>
        <Route index element={<Navigate to="users" replace />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="users/new" element={<AddUserPage />} />
        <Route path="users/:userId" element={<EditUserPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="import" element={<ImportPage />} />
        <Route path="*" element={<PageTitle>Page not found</PageTitle>} />
      </Routes>
    </>
  );
}
