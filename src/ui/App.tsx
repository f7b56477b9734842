export function App() {
  return (
    <main>
      <h1>BE-DROIL Playground</h1>
      <p>Distributionally robust offline imitation learning, in your browser.</p>
    </main>
  );
}
