// Writes numbers into the DOM at up to 60 Hz without Vue: an element's text or attribute
// is written only when it changed (each write can cost style and layout work), and the
// last value is remembered here rather than read back from the DOM.

export class TextSlot {
  private last: string | null = null;
  constructor(private readonly el: Element | null) {}

  set(text: string): void {
    if (text === this.last || !this.el) return;
    this.last = text;
    this.el.textContent = text;
  }
}

export class AttrSlot {
  private last: string | null = null;
  constructor(
    private readonly el: Element | null,
    private readonly name: string,
  ) {}

  set(value: string): void {
    if (value === this.last || !this.el) return;
    this.last = value;
    this.el.setAttribute(this.name, value);
  }
}

export class StyleSlot {
  private last: string | null = null;
  constructor(
    private readonly el: HTMLElement | null,
    private readonly property: string,
  ) {}

  set(value: string): void {
    if (value === this.last || !this.el) return;
    this.last = value;
    this.el.style.setProperty(this.property, value);
  }
}
