import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, ApiError, call, type User } from "../api/client";

type Auth = {
  user: User | null;
  checking: boolean;
  signIn: (username: string, password: string) => Promise<User>;
  signOut: () => Promise<void>;
};

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(true);

  useEffect(() => {
    call(api.GET("/api/auth/me"))
      .then(setUser, (error) => {
        if (!(error instanceof ApiError && error.status === 401)) console.warn(error);
      })
      .finally(() => setChecking(false));
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const signed = await call(api.POST("/api/auth/login", { body: { username, password } }));
    setUser(signed.user);
    return signed.user;
  }, []);

  const signOut = useCallback(async () => {
    await call(api.POST("/api/auth/logout")).catch(() => undefined);
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, checking, signIn, signOut }), [user, checking, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  return auth;
}

/** The signed-in user, inside pages that RequireArea has already guarded. */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error("useUser without a signed-in user");
  return user;
}
