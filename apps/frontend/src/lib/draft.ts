'use client';

/**
 * What the user typed into a form, kept in this tab's sessionStorage: a session that ends, or a reload, does not
 * lose it. Forms are uncontrolled; these read and write their named fields.
 */
export function saveDraft(key: string, form: HTMLFormElement): void {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === 'string' && value) values[name] = value;
  try {
    if (Object.keys(values).length) sessionStorage.setItem(key, JSON.stringify(values));
    else sessionStorage.removeItem(key);
  } catch {
    // storage full or disabled: the form still works
  }
}

export function restoreDraft(key: string, form: HTMLFormElement): boolean {
  let values: Record<string, string>;
  try {
    values = JSON.parse(sessionStorage.getItem(key) ?? '{}') as Record<string, string>;
  } catch {
    return false;
  }
  let restored = false;
  for (const [name, value] of Object.entries(values)) {
    const control = form.elements.namedItem(name);
    if (control && 'value' in control && typeof value === 'string') {
      control.value = value;
      restored = true;
    }
  }
  return restored;
}

export function clearDraft(key: string): void {
  try {
    sessionStorage.removeItem(key);
  } catch {
    // nothing kept
  }
}
