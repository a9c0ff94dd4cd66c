"use client";

import { useEffect, useState } from "react";
import { applyTheme, readTheme, THEME_STORAGE_KEY, type Theme } from "@/lib/theme";

/** Light, dark, or whatever the system asks for; remembered per browser. */
export function ThemeSwitch() {
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => {
    setTheme(readTheme());
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const follow = () => applyTheme(readTheme());
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, []);
  return (
    <select
      aria-label="Theme"
      className="rounded-md border border-slate-300 bg-white px-1.5 py-1 text-xs text-slate-700"
      value={theme}
      onChange={(event) => {
        const chosen = event.target.value as Theme;
        window.localStorage.setItem(THEME_STORAGE_KEY, chosen);
        setTheme(chosen);
        applyTheme(chosen);
      }}
    >
      <option value="system">System theme</option>
      <option value="light">Light</option>
      <option value="dark">Dark</option>
    </select>
  );
}
