/** Vigil's mark: a V on the brand blue. */
export function BrandMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" style={{ display: 'inline-block', verticalAlign: 'middle' }}>
      <rect width="32" height="32" rx="6" fill="#1677ff" />
      <path d="M8 9l8 15 8-15" fill="none" stroke="#fff" strokeWidth="3.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
