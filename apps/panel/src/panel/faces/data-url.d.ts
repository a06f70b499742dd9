/** A file's bytes as a data: URL (vite.face-detector.config.ts's `dataUrls` plugin). */
declare module '*?data-url' {
  const url: string;
  export default url;
}
