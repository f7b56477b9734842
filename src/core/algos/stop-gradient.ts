// f(x) treated as a constant by the gradient: the adversary's weights are computed from the policy's losses,
// but the policy's gradient must not flow through them (ALGORITHMS.md 3.3: w is detached). f runs inside a
// custom op's forward pass, which tfjs keeps off the gradient tape, so its ops are neither recorded nor
// differentiated; the op's gradient to x is zero. This lets one taped forward pass serve both players.
import { tf } from '../tf';

type CustomGradFn = Parameters<typeof tf.customGrad>[0];

export function stopGradient<R extends tf.Tensor>(xs: tf.Tensor[], f: (xs: tf.Tensor[]) => R): R {
  const op = tf.customGrad(((...args: unknown[]) => {
    const inputs = args.slice(0, xs.length) as tf.Tensor[];
    return { value: f(inputs), gradFunc: () => inputs.map((x) => tf.zerosLike(x)) };
  }) as unknown as CustomGradFn);
  return op(...xs) as R;
}
