/** @jest-environment node */
import { contract, type TRegistryImportReport } from '@madoguchi/shared';
import { revalidatePath } from 'next/cache';

import { staffCall } from '../../lib/staff-api';
import { importRegistryCsv } from './registry-actions';

jest.mock('next/cache', () => ({ revalidatePath: jest.fn() }));
jest.mock('../../lib/staff-api', () => ({ staffCall: jest.fn() }));
jest.mock('./require-role', () => ({
  requirePermissionForAction: jest.fn(async () => ({ ok: true, session: { role: 'admin' } })),
}));

const REPORT: TRegistryImportReport = {
  dryRun: true,
  encoding: 'shift_jis',
  total: 1,
  accepted: [{ line: 2, kind: 'phone', value: '+81312345678' }],
  rejected: [],
  duplicates: [],
};

function form(fields: Record<string, string | Blob>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    data.set(name, value);
  }
  return data;
}

// The one route these tests answer for, so replies are typed as its reports.
const call = jest.mocked(staffCall<typeof contract.registry.import>);

beforeEach(() => {
  call.mockReset();
  jest.mocked(revalidatePath).mockReset();
});

describe('importRegistryCsv', () => {
  it("sends the file's bytes unchanged as text/csv, as a dry run unless asked otherwise", async () => {
    call.mockResolvedValue({ ok: true, status: 200, data: REPORT });
    const bytes = new Uint8Array([0x93, 0x64, 0x98, 0x62, 0x2c, 0x30]); // Shift_JIS, not UTF-8
    const result = await importRegistryCsv(form({ file: new Blob([bytes]), encoding: 'shift_jis' }));

    expect(result).toMatchObject({ ok: true, data: REPORT });
    const [route, input, options] = call.mock.calls[0]!;
    expect(route).toBe(contract.registry.import);
    expect(input).toEqual({ query: { dryRun: 'true', encoding: 'shift_jis', source: undefined } });
    expect(options?.raw?.contentType).toBe('text/csv');
    expect(new Uint8Array(options?.raw?.body as ArrayBuffer)).toEqual(bytes);
    expect(revalidatePath).not.toHaveBeenCalled();
  });

  it('imports for real when dryRun is false, and refreshes the registry page', async () => {
    call.mockResolvedValue({ ok: true, status: 200, data: { ...REPORT, dryRun: false } });
    await importRegistryCsv(form({ file: new Blob(['kind,value\n']), dryRun: 'false', source: '警察庁' }));
    expect(call.mock.calls[0]![1]).toEqual({
      query: { dryRun: 'false', encoding: 'auto', source: '警察庁' },
    });
    expect(revalidatePath).toHaveBeenCalledWith('/admin/registry');
  });

  it('sends nothing without a file', async () => {
    const result = await importRegistryCsv(form({}));
    expect(result).toMatchObject({ ok: false, fields: [{ path: 'file', code: 'required' }] });
    expect(call).not.toHaveBeenCalled();
  });
});
