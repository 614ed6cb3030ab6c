// A framed panel whose content is lines worked out for the frame's inner size: what every panel
// but the event log is (the log also adds a filter line and scrolls).
import { Frame, innerSize, type FrameProps } from './Frame.js';
import { Lines, type Line } from './Lines.js';

export interface FramedLinesProps extends Omit<FrameProps, 'children'> {
  lines: (inner: { width: number; height: number }) => Line[];
}

export function FramedLines({ lines, ...frame }: FramedLinesProps) {
  const inner = innerSize(frame.width, frame.height);
  return (
    <Frame {...frame}>
      <Lines lines={lines(inner)} width={inner.width} theme={frame.theme} />
    </Frame>
  );
}
