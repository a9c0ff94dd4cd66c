"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { NotificationList } from "@/lib/notifications/queries";
import { api, feeds } from "@/components/api-client";

const BROWSER_OPT_IN = "browser-notifications";

const markRead = (ids?: string[]) => api.markNotificationsRead(ids);

/**
 * The bell: unread count and the latest notifications, live from the person's notification stream.
 * With the browser's permission (opt-in per browser) a new one also shows as a system notification
 * while the tab is in the background.
 */
export function NotificationsBell() {
  const router = useRouter();
  const [list, setList] = useState<NotificationList>({ unread: 0, items: [] });
  const [open, setOpen] = useState(false);
  const [browser, setBrowser] = useState<"off" | "on" | "denied" | "unsupported">("off");
  const seen = useRef<Set<string> | null>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!("Notification" in window)) setBrowser("unsupported");
    else if (Notification.permission === "denied") setBrowser("denied");
    else if (Notification.permission === "granted" && window.localStorage.getItem(BROWSER_OPT_IN) === "on") setBrowser("on");
  }, []);

  useEffect(() => {
    return feeds.notifications((next) => {
      const known = seen.current;
      seen.current = new Set(next.items.map((item) => item.id));
      setList(next);
      if (!known || !document.hidden || window.localStorage.getItem(BROWSER_OPT_IN) !== "on" || !("Notification" in window) || Notification.permission !== "granted") return;
      for (const item of next.items.filter((candidate) => !candidate.read && !known.has(candidate.id))) {
        const shown = new Notification("Code Orchestrator", { body: item.text, tag: item.id });
        shown.onclick = () => {
          window.focus();
          void markRead([item.id]);
          router.push(item.href);
        };
      }
    });
  }, [router]);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !panel.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  async function toggleBrowser() {
    if (browser === "on") {
      window.localStorage.setItem(BROWSER_OPT_IN, "off");
      setBrowser("off");
      return;
    }
    const permission = await Notification.requestPermission();
    if (permission === "granted") {
      window.localStorage.setItem(BROWSER_OPT_IN, "on");
      setBrowser("on");
    } else setBrowser(permission === "denied" ? "denied" : "off");
  }

  return (
    <div className="relative" ref={panel}>
      <button
        type="button"
        aria-expanded={open}
        aria-haspopup="true"
        aria-label={`Notifications${list.unread > 0 ? `: ${list.unread} unread` : ""}`}
        onClick={() => setOpen((shown) => !shown)}
        className="relative rounded px-2 py-1 hover:bg-slate-100"
        data-testid="notifications-bell"
      >
        <span aria-hidden>🔔</span>
        {list.unread > 0 ? (
          <span className="absolute -right-1 -top-1 min-w-[1.1rem] rounded-full bg-red-600 px-1 text-center text-[10px] font-semibold leading-4 text-white" data-testid="unread-count">
            {list.unread > 99 ? "99+" : list.unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div className="absolute right-0 z-40 mt-2 w-80 max-w-[calc(100vw-2rem)] rounded-md border border-slate-200 bg-white shadow-lg" role="region" aria-label="Notifications">
          <div className="flex items-center justify-between border-b border-slate-200 px-3 py-2 text-xs">
            <span className="font-semibold text-slate-800">Notifications</span>
            {list.unread > 0 ? (
              <button type="button" className="text-indigo-700 hover:underline" onClick={() => void markRead()}>
                Mark all read
              </button>
            ) : null}
          </div>
          {list.items.length === 0 ? (
            <p className="px-3 py-4 text-sm text-slate-500">Nothing yet: review requests, your runs, checks and merges show here.</p>
          ) : (
            <ul className="max-h-96 divide-y divide-slate-100 overflow-auto">
              {list.items.map((item) => (
                <li key={item.id} data-testid="notification" data-read={item.read}>
                  <Link
                    href={item.href}
                    onClick={() => {
                      setOpen(false);
                      if (!item.read) void markRead([item.id]);
                    }}
                    className={`block px-3 py-2 text-sm hover:bg-slate-50 ${item.read ? "text-slate-500" : "font-medium text-slate-900"}`}
                  >
                    {item.text}
                    <span className="block text-xs font-normal text-slate-500">{new Date(item.createdAt).toLocaleString()}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          <div className="border-t border-slate-200 px-3 py-2 text-xs text-slate-600">
            {browser === "unsupported" ? (
              "This browser cannot show notifications."
            ) : browser === "denied" ? (
              "Browser notifications are blocked for this site in the browser's settings."
            ) : (
              <button type="button" className="text-indigo-700 hover:underline" onClick={() => void toggleBrowser()}>
                {browser === "on" ? "Turn off browser notifications" : "Also notify me in the browser when this tab is in the background"}
              </button>
            )}
          </div>
        </div>
      ) : null}
    </div>
  );
}
