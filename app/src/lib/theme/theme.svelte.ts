// Light, dark or the system's choice; persisted per browser and applied as <html data-theme>.
export type ThemeChoice = 'light' | 'dark' | 'system';

const STORAGE_KEY = 'parley:theme';
const CHOICES: readonly ThemeChoice[] = ['light', 'dark', 'system'];

function readChoice(): ThemeChoice {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return CHOICES.includes(stored as ThemeChoice) ? (stored as ThemeChoice) : 'system';
}

export class Theme {
  current = $state<ThemeChoice>(readChoice());

  constructor() {
    this.#apply();
  }

  set(choice: ThemeChoice): void {
    this.current = choice;
    localStorage.setItem(STORAGE_KEY, choice);
    this.#apply();
  }

  #apply(): void {
    if (typeof document === 'undefined') return;
    if (this.current === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = this.current;
  }
}

export const theme = new Theme();
