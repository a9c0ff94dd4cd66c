"use client";

import { Card } from "@/components/ui/card";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { AGENT_MODE_FIELDS } from "@/lib/agents/cli-agent-schemas";
import type { SectionProps } from "./spec-form-state";

/** The spec form's agent: its kind (script, command, or a CLI installed here), its mode and model or script, the timeout and auto-fix. */
export function AgentFields({
  state,
  update,
  error,
  canUseCommandAgent,
  detectedAgents,
}: SectionProps & { canUseCommandAgent: boolean; detectedAgents: Array<{ kind: string; label: string; version?: string; checking?: boolean }> }) {
  const mode = AGENT_MODE_FIELDS[state.agentKind];
  return (
  <Card title="Agent">
    <div className="space-y-4">
      <Field label="Agent kind" htmlFor="agentKind" error={error("agent") ?? error("agent.kind")}>
        <Select
          id="agentKind"
          value={state.agentKind}
          onChange={(event) => update({ agentKind: event.target.value, agentMode: AGENT_MODE_FIELDS[event.target.value]?.default ?? "" })}
        >
          <option value="script">script: a shell script run in the sandbox</option>
          {canUseCommandAgent ? <option value="command">command: a program with arguments</option> : null}
          {detectedAgents.map((agent) => (
            <option key={agent.kind} value={agent.kind}>
              {agent.label}
              {agent.version ? ` (${agent.version})` : agent.checking ? " (checking its version…)" : ""}
            </option>
          ))}
        </Select>
      </Field>
      {mode ? (
        <Field label={mode.label} htmlFor="agentMode" error={error(`agent.${mode.name}`)}>
          <Select id="agentMode" value={state.agentMode} onChange={(event) => update({ agentMode: event.target.value })}>
            {mode.choices.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      {state.agentKind !== "script" && state.agentKind !== "command" ? (
        <Field label="Model (optional)" htmlFor="model" error={error("agent.model")}>
          <Input id="model" className="font-mono" value={state.model} onChange={(event) => update({ model: event.target.value })} />
        </Field>
      ) : state.agentKind === "script" ? (
        <Field label="Script" htmlFor="script" error={error("agent.script")}>
          <Textarea id="script" rows={6} className="font-mono" value={state.script} invalid={!!error("agent.script")} onChange={(event) => update({ script: event.target.value })} />
        </Field>
      ) : (
        <Field label="Command (one argument per line)" htmlFor="argv" error={error("agent.argv") ?? error("agent.argv.0")}>
          <Textarea id="argv" rows={4} className="font-mono" value={state.argv} onChange={(event) => update({ argv: event.target.value })} />
        </Field>
      )}
      <Field label="Timeout (seconds)" htmlFor="timeoutSeconds" error={error("timeoutSeconds")} hint="10 to 86,400; default 300.">
        <Input id="timeoutSeconds" inputMode="numeric" value={state.timeoutSeconds} invalid={!!error("timeoutSeconds")} onChange={(event) => update({ timeoutSeconds: event.target.value })} />
      </Field>
      <Field label="Auto-fix attempts" htmlFor="autoFixAttempts" error={error("autoFixAttempts")} hint="When a required check fails on a run's head, send the agent back with the failure, at most this many times.">
        <Select id="autoFixAttempts" value={state.autoFixAttempts} onChange={(event) => update({ autoFixAttempts: event.target.value })}>
          {["0", "1", "2", "3", "4", "5"].map((count) => (
            <option key={count} value={count}>
              {count === "0" ? "0 (off)" : count}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Budget, USD (optional)" htmlFor="budgetUsd" error={error("budgetUsd")} hint="The most this task's runs may cost, feedback and auto-fix runs included. Empty: the repository's task budget.">
        <Input id="budgetUsd" inputMode="decimal" className="w-32" value={state.budgetUsd} invalid={!!error("budgetUsd")} onChange={(event) => update({ budgetUsd: event.target.value })} />
      </Field>
    </div>
  </Card>
  );
}
