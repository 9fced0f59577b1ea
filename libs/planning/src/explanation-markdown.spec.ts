import { explainCell, explanationToMarkdown, PlanningProblem } from './index';

describe('explanation as Markdown', () => {
  it('renders rules, steps with values, the supply chain and leaving staff by NIP', () => {
    // 5000 h / 1250 = 4 FTE; one PELAKSANA born 1970-03-10 retires 2028-03-31
    const problem: PlanningProblem = {
      workingTime: { hoursPerYear: 1250 },
      cells: [
        {
          positionCode: 'PENGADMINISTRASI',
          unitCode: 'SETDA',
          activities: [{ kind: 'SERVICE', name: 'surat | arsip', annualVolume: 5000, minutesPerUnit: 60 }],
        },
      ],
      plan: {
        asOf: '2026-06-30',
        years: [2027, 2028],
        attritionRate: 0.05,
        retirementAges: [{ category: 'PELAKSANA', age: 58 }],
        employees: [
          {
            nip: '197003102000031001',
            birthDate: '1970-03-10',
            positionCode: 'PENGADMINISTRASI',
            unitCode: 'SETDA',
            category: 'PELAKSANA',
            employmentType: 'PNS',
          },
        ],
      },
    };
    const text = explanationToMarkdown(explainCell(problem, { positionCode: 'PENGADMINISTRASI', unitCode: 'SETDA', year: 2028 }));
    expect(text).toContain('# PENGADMINISTRASI · unit SETDA · 2028');
    expect(text).toContain(
      'Rules: working time 1250 h/year (hoursPerYear (given): 1250); rounding HALF_UP; attrition 0.05 a year; PPPK contracts end; staffing snapshot 2026-06-30; planning rules version 2.',
    );
    expect(text).toContain('| hours[surat \\| arsip] | annualVolume × minutesPerUnit / 60 | 5000 × 60 / 60 | 5000 |  |');
    expect(text).toContain('| requiredFte(2028) | serviceStaff × CAF + IAF | 4 × 1 + 0 | 4 |  |');
    // 2027: 1 in post, expected attrition 0.05 → 0 persons, end 1, formation ceil(4 − 1) = 3;
    // 2028: start 4, 1 retirement, stayers 3, expected 0.15, running total 0.2 → 0 persons, end 3, formation 1
    expect(text).toContain(
      '| attrition(2028) | min(stayers, HALF_UP(Σ expectedAttrition so far) − attrition already counted) | min(3, HALF_UP(0.2) − 0) = min(3, 0 − 0) | 0 | whole persons: the running total 0.2 rounds to 0, already counted, so no one leaves by attrition this year |',
    );
    expect(text).toContain('| formation(2028) | max(0, ceil(required − supplyEnd)) | max(0, ceil(4 − 3)) | 1 |  |');
    expect(text).toContain(
      '| 197003102000031001 | PNS | PELAKSANA |  | 1970-03-10 | 58 | 2028-03-31 | retires 2028-03-31 (counted in 2028) |',
    );
    expect(text).toContain('- retirement age 58 for PELAKSANA (PP 11/2017 art. 239, UU 20/2023 art. 55)');
  });
});
