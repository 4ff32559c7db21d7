// What generating the Knative manifests has to tell the user besides the files: notices (a name was
// derived, a default was chosen) and warnings (something the cluster will do differently).

export interface KnativeNotice {
  level: 'notice' | 'warning';
  message: string;
}

/** Collects notices and warnings in the order they arose. */
export class NoticeList {
  readonly items: KnativeNotice[] = [];

  notice(message: string): void {
    this.items.push({ level: 'notice', message });
  }

  warn(message: string): void {
    this.items.push({ level: 'warning', message });
  }

  get warnings(): string[] {
    return this.items.filter((item) => item.level === 'warning').map((item) => item.message);
  }

  get notices(): string[] {
    return this.items.filter((item) => item.level === 'notice').map((item) => item.message);
  }
}
