// MuJoCo's official WebAssembly glue (@mujoco/mujoco, Emscripten + embind) builds its binding invokers at load
// time with `new Function(...)` (embind's default, DYNAMIC_EXECUTION=1). A Content-Security-Policy without
// 'unsafe-eval' forbids that, and the playground's worker runs under such a policy wherever the host sends the
// CSP as a header (`vite preview` does): loading MuJoCo would fail with an EvalError.
//
// Rather than loosen the policy, the production build rewrites the two call sites (vite.config.ts applies
// `glueWithoutEval` to node_modules/@mujoco/mujoco/mujoco.js as a transform; node_modules is not edited) into
// calls of two plain closures that do exactly what the generated code does (the same as Emscripten's own
// DYNAMIC_EXECUTION=0 code paths): the same checks, wire conversions, destructor calls and return conversions,
// in the same order. The test (test/unit/mujoco-glue-without-eval.test.ts) loads the rewritten glue in a Node
// process that forbids code generation from strings and compares a hopper rollout bit for bit with the original.
//
// If a newer @mujoco/mujoco changes these lines the build fails with a message saying so, instead of silently
// shipping a glue that needs eval.

/** The embind invoker of a bound function or method, without dynamic code (mirrors embind's createJsInvoker). */
const STATIC_INVOKER = String.raw`
function droilStaticInvoker(humanName, throwBindingError, invoker, fn, runDestructors, argTypes, isClassMethodFunc, returns, needsDestructorStack, checkArgCount, minArgs, maxArgs) {
  var argCount = argTypes.length - 2;
  var retType = argTypes[0];
  var classParam = argTypes[1];
  // The generated code binds each parameter's destructor when the invoker is made: so do we.
  var dtors = [];
  if (!needsDestructorStack) {
    for (var k = isClassMethodFunc ? 1 : 2; k < argTypes.length; ++k) {
      if (argTypes[k].destructorFunction !== null) dtors.push([k, argTypes[k].destructorFunction]);
    }
  }
  var invokerFn = function (...args) {
    checkArgCount(args.length, minArgs, maxArgs, humanName, throwBindingError);
    var destructors = needsDestructorStack ? [] : null;
    var wired = [fn];
    var thisWired;
    if (isClassMethodFunc) {
      thisWired = classParam['toWireType'](destructors, this);
      wired.push(thisWired);
    }
    var argsWired = new Array(argCount);
    for (var i = 0; i < argCount; ++i) {
      argsWired[i] = argTypes[i + 2]['toWireType'](destructors, args[i]);
      wired.push(argsWired[i]);
    }
    var rv = invoker(...wired);
    if (needsDestructorStack) {
      runDestructors(destructors);
    } else {
      for (var j = 0; j < dtors.length; ++j) dtors[j][1](dtors[j][0] === 1 ? thisWired : argsWired[dtors[j][0] - 2]);
    }
    if (returns) return retType['fromWireType'](rv);
  };
  Object.defineProperty(invokerFn, 'length', { value: argCount });
  return invokerFn;
}`;

/** emval's method caller (JS called from C++ through emscripten::val), without dynamic code. */
const STATIC_METHOD_CALLER = String.raw`
function droilStaticMethodCaller(kind, retType, types, argCount, emval_returnValue) {
  var offsets = [];
  var offset = 0;
  for (var i = 0; i < argCount; ++i) { offsets.push(offset); offset += types[i].argPackAdvance; }
  return function (obj, func, destructorsRef, args) {
    // kind 0 (FUNCTION): func.call(obj, ...); kind 1 (CONSTRUCTOR): new func(...); as the generated code.
    var argv = kind === 0 ? [obj] : [];
    for (var i = 0; i < argCount; ++i) argv.push(types[i].readValueFromPointer(args + offsets[i]));
    var rv = kind === 1 ? new func(...argv) : func.call(...argv);
    if (!retType.isVoid) return emval_returnValue(retType, destructorsRef, rv);
  };
}`;

const REWRITES: { from: string; to: string }[] = [
  {
    from: 'var invokerFn = new Function(...args, invokerFnBody)(...closureArgs);',
    to: 'var invokerFn = droilStaticInvoker(humanName, throwBindingError, cppInvokerFunc, cppTargetFunc, runDestructors, argTypes, isClassMethodFunc, returns, needsDestructorStack, checkArgCount, minArgs, expectedArgCount);',
  },
  {
    from: 'var invokerFunction = new Function(...params, functionBody)(...args);',
    to: 'var invokerFunction = droilStaticMethodCaller(kind, retType, types, argCount, emval_returnValue);',
  },
];

/** Dynamic code constructs that a strict CSP blocks; none may remain after the rewrite. */
const DYNAMIC_CODE = /\bnew Function\b|[^.\w]eval\(|\bFunction\(\s*['"`]/;

/**
 * The MuJoCo glue's source with embind's two `new Function` sites replaced by the closures above (appended to
 * the module). Throws when a site is missing or any dynamic code remains: the glue changed and this file must follow.
 */
export function glueWithoutEval(source: string): string {
  let out = source;
  for (const r of REWRITES) {
    const n = out.split(r.from).length - 1;
    if (n !== 1) {
      throw new Error(`@mujoco/mujoco's glue changed: expected the line '${r.from}' once, found it ${n} times; update src/build/mujoco-glue-without-eval.ts`);
    }
    out = out.replace(r.from, r.to);
  }
  const left = DYNAMIC_CODE.exec(out);
  if (left) throw new Error(`@mujoco/mujoco's glue still generates code at run time ('${left[0].trim()}'); update src/build/mujoco-glue-without-eval.ts`);
  return `${out}\n// Added by the playground's build (src/build/mujoco-glue-without-eval.ts): embind invokers without eval.\n${STATIC_INVOKER}\n${STATIC_METHOD_CALLER}\n`;
}

/** The module id of the glue this rewrites (Vite passes absolute paths, possibly with a query). */
export function isMujocoGlue(id: string): boolean {
  return /[\\/]@mujoco[\\/]mujoco[\\/]mujoco\.js$/.test(id.split('?')[0]);
}
