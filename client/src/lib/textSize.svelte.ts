/**
 * The text size, in three steps, remembered on this device and applied to the whole page (every
 * size is in rem, so the layout follows; nothing scrolls sideways at 360 px at any step).
 */
export const TEXT_SIZES = ['normal', 'large', 'larger'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

const KEY = 'talkroom:textSize';

class TextSizeSetting {
  #size = $state<TextSize>(read());

  get size(): TextSize {
    return this.#size;
  }

  set size(size: TextSize) {
    this.#size = size;
    apply(size);
    try {
      localStorage.setItem(KEY, size);
    } catch {
      // Not remembered, but in force for this page.
    }
  }
}

function read(): TextSize {
  try {
    const saved = localStorage.getItem(KEY);
    return TEXT_SIZES.includes(saved as TextSize) ? (saved as TextSize) : 'normal';
  } catch {
    return 'normal';
  }
}

function apply(size: TextSize): void {
  document.documentElement.dataset.textSize = size;
}

export const textSize = new TextSizeSetting();
apply(textSize.size);
