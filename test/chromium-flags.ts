// Chromium flags for every browser test. The network here is closed (background services off) and
// there is no GPU, so WebGPU comes from SwiftShader behind --enable-unsafe-webgpu.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
];
