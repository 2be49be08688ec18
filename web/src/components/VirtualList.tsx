// A list that renders only the rows in view, so thousands scroll smoothly.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/** Props of VirtualList. */
export interface VirtualListProps<T> {
  items: T[];
  rowHeight: number;
  row(item: T, index: number): ComponentChildren;
  /** header is drawn above the rows, outside the scrolled area. */
  header?: ComponentChildren;
  class?: string;
}

const overscan = 10;

/** VirtualList draws the rows of items that are in view. */
export function VirtualList<T>({ items, rowHeight, row, header, class: cls }: VirtualListProps<T>) {
  const box = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 800 });
  useEffect(() => {
    const el = box.current!;
    let frame = 0;
    const read = () => {
      frame = 0;
      setScroll({ top: el.scrollTop, height: el.clientHeight });
    };
    const onScroll = () => {
      if (!frame) {
        frame = requestAnimationFrame(read);
      }
    };
    read();
    el.addEventListener('scroll', onScroll, { passive: true });
    const ro = new ResizeObserver(onScroll);
    ro.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro.disconnect();
      cancelAnimationFrame(frame);
    };
  }, []);
  const first = Math.max(0, Math.floor(scroll.top / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scroll.top + scroll.height) / rowHeight) + overscan);
  const rows = [];
  for (let i = first; i < last; i++) {
    rows.push(row(items[i], i));
  }
  return (
    <div class={'vlist ' + (cls ?? '')}>
      {header}
      <div class="vlist-scroll" ref={box}>
        <div class="vlist-space" style={{ height: items.length * rowHeight + 'px' }}>
          <div class="vlist-rows" style={{ transform: `translateY(${first * rowHeight}px)` }}>
            {rows}
          </div>
        </div>
      </div>
    </div>
  );
}
