import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

const CONTROL =
  "block rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 aria-[invalid=true]:border-red-500";

const SIZING = /(?:^|\s)(?:w-|min-w-|max-w-|flex-|grow|basis-)/;

/**
 * A control's classes: the caller's width when it gives one, else the kind's own — text fills its
 * field, a number is a short box, a select is as wide as its options. (Appending a width to a fixed
 * `w-full` did nothing: both classes applied and the stylesheet's order picked one.)
 */
function controlClass(className: string, defaultWidth: string): string {
  return `${CONTROL} ${SIZING.test(className) ? "" : defaultWidth} ${className}`.trim();
}

export function Field({
  label,
  htmlFor,
  error,
  hint,
  children,
}: {
  label: string;
  htmlFor: string;
  error?: string;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={htmlFor} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !error ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {error ? (
        <p id={`${htmlFor}-error`} role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function Input({ invalid, className = "", ...props }: InputHTMLAttributes<HTMLInputElement> & { invalid?: boolean }) {
  const numeric = props.type === "number" || props.inputMode === "numeric" || props.inputMode === "decimal";
  return <input aria-invalid={invalid || undefined} className={controlClass(className, numeric ? "w-24" : "w-full")} {...props} />;
}

export function Textarea({
  invalid,
  className = "",
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { invalid?: boolean }) {
  return <textarea aria-invalid={invalid || undefined} className={controlClass(className, "w-full")} {...props} />;
}

export function Select({ invalid, className = "", ...props }: SelectHTMLAttributes<HTMLSelectElement> & { invalid?: boolean }) {
  return <select aria-invalid={invalid || undefined} className={controlClass(className, "w-auto max-w-full")} {...props} />;
}
