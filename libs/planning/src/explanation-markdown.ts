import { CellExplanation } from './explain';
import { num, TraceStep } from './trace';

// A cell's explanation as Markdown, for a planner's report or an auditor's file: the rules,
// every formula step with its values, the supply chain and the employees who leave, by NIP.

const cell = (text: string | number | null | undefined): string =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');

function stepTable(steps: TraceStep[]): string[] {
  return [
    '| step | formula | with values | value | rule |',
    '|---|---|---|---:|---|',
    ...steps.map((s) => `| ${cell(s.symbol)} | ${cell(s.formula)} | ${cell(s.substitution)} | ${cell(num(s.value))} | ${cell(s.rule)} |`),
  ];
}

export function explanationToMarkdown(e: CellExplanation): string {
  const title = [e.positionCode, e.unitCode && `unit ${e.unitCode}`, e.year !== null && String(e.year)].filter(Boolean).join(' · ');
  const rules = [
    `working time ${num(e.rules.workingTime.value)} h/year (${e.rules.workingTime.formula}: ${e.rules.workingTime.substitution})`,
    `rounding ${e.rules.rounding}`,
    e.rules.attritionRate !== null && `attrition ${num(e.rules.attritionRate)} a year`,
    e.rules.renewContracts !== null && (e.rules.renewContracts ? 'PPPK contracts renewed' : 'PPPK contracts end'),
    e.rules.asOf && `staffing snapshot ${e.rules.asOf}`,
    `planning rules version ${e.rules.rulesVersion}`,
  ].filter(Boolean);
  const w = e.workload;
  const lines = [
    `# ${title}`,
    '',
    `Rules: ${rules.join('; ')}.`,
    '',
    ...(e.notice ? [`> ${e.notice}`, ''] : []),
    `Required ${num(w.required)} (requiredFte ${num(w.requiredFte)}), existing ${num(w.existing)}, WISN ratio ${num(w.wisnRatio)}, efficiency ${num(w.efficiency)}${w.efficiencyBand ? ` (band ${w.efficiencyBand})` : ''}.`,
    '',
    '## Workload',
    '',
    ...stepTable(e.steps),
  ];
  if (e.plan) {
    const p = e.plan;
    lines.push(
      '',
      '## Supply and formation',
      '',
      `Formation ${num(p.formation)}, surplus ${num(p.surplus)} in ${p.year}.`,
      '',
      ...stepTable(e.planSteps),
    );
  }
  if (e.staff.length) {
    lines.push(
      '',
      '## Staff counted',
      '',
      '| NIP | type | category | level | born | retirement age | last day in post | leaves |',
      '|---|---|---|---|---|---:|---|---|',
      ...e.staff.map(
        (s) =>
          `| ${s.nip} | ${s.employmentType} | ${s.category} | ${s.level ?? ''} | ${s.birthDate} | ${s.retirementAge} | ${s.lastDayInPost} | ${
            s.exit
              ? `${s.exit.kind === 'RETIREMENT' ? 'retires' : 'contract ends'} ${s.exit.date} (counted in ${s.exit.planYear})`
              : 'stays through the plan'
          } |`,
      ),
    );
    const rules = [...new Set(e.staff.map((s) => s.retirementRule))];
    lines.push('', ...rules.map((r) => `- ${r}`));
  }
  return `${lines.join('\n')}\n`;
}
