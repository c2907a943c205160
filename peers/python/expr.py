#!/usr/bin/python3
"""HyperSharp peer: an element-wise expression over arrays (Gorelick ch. 6's numexpr lesson), in NumPy and numexpr.

  expr.py --variant numpy|numexpr --expression EXPR --n N [--dtype float64|float32] --seed S [--threads K] [--repeats R]

Every name of EXPR is an array; array j, in sorted name order, is elements [j*N, (j+1)*N) of HyperSharp's
UniformStream (uniform.py), rounded to float32 for that dtype, drawn before the clock: the arrays the C# rungs get.
HyperSharp's grammar is a subset of Python's: NumPy evaluates the parsed tree with its ufuncs (min/max are
np.minimum/np.maximum, pow np.power), one temporary array per operation; numexpr gets the same tree in its own syntax
(pow as **, min/max as nested where keeping NaN) and writes into a preallocated out= array, as the C# rungs do.
Literals are scalars of the dtype, so float32 stays float32. Checksum: the sum in float64; fingerprint: the result's
little-endian bytes.
"""
import ast
import os
import sys

import peer

VARIANTS = ("numpy", "numexpr")
FUNCTIONS = ("where", "sqrt", "exp", "log", "abs", "min", "max", "pow")
_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}


def arrays_of(tree):
    """The array names of the expression, sorted (HyperSharp's order)."""
    return sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id not in FUNCTIONS})


def literals(tree, dt, np):
    """Each number literal replaced by a name bound to a scalar of the dtype (NumPy and numexpr would upcast a float)."""
    consts = {}

    class Named(ast.NodeTransformer):
        def visit_Constant(self, node):
            name = "_c%d" % len(consts)
            consts[name] = dt(node.value)
            return ast.copy_location(ast.Name(id=name, ctx=ast.Load()), node)

    return ast.fix_missing_locations(Named().visit(tree)), consts


def numexpr_text(node):
    """The tree in numexpr's syntax."""
    if isinstance(node, ast.Expression):
        return numexpr_text(node.body)
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.UnaryOp):
        return "(-%s)" % numexpr_text(node.operand) if isinstance(node.op, ast.USub) else numexpr_text(node.operand)
    if isinstance(node, ast.BinOp):
        return "(%s %s %s)" % (numexpr_text(node.left), _BINARY[type(node.op)], numexpr_text(node.right))
    if isinstance(node, ast.Compare):
        return "(%s %s %s)" % (numexpr_text(node.left), _COMPARE[type(node.ops[0])], numexpr_text(node.comparators[0]))
    if isinstance(node, ast.Call):
        f, args = node.func.id, [numexpr_text(a) for a in node.args]
        if f == "pow":
            return "(%s ** %s)" % tuple(args)
        if f in ("min", "max"):
            a, b = args
            first, second = ("<", ">") if f == "min" else (">", "<")
            # numexpr 2.8 has no element-wise min/max: the smaller, else the other, else a NaN operand (as np.minimum).
            return "where(%s %s %s, %s, where(%s %s %s, %s, where(%s != %s, %s, %s)))" % (a, first, b, a, a, second, b, b, a, a, a, b)
        return "%s(%s)" % (f, ", ".join(args))
    raise ValueError("unsupported syntax: %s" % ast.dump(node))


def main():
    p = peer.parser("expr.py", __doc__)
    p.add_argument("--variant", choices=VARIANTS, required=True)
    p.add_argument("--expression", required=True)
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--dtype", choices=("float64", "float32"), default="float64")
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    peer.require_positive(p, a, "threads", "repeats")
    if a.n < 0:
        p.error("--n must be >= 0")
    if a.variant == "numexpr":
        peer.size_thread_pools(a.threads, "NUMEXPR_MAX_THREADS")
    try:
        import numpy as np
    except ImportError:
        return peer.error("expr", a.variant, "numpy is not installed (it draws the arrays)")
    try:
        tree = ast.parse(a.expression, mode="eval")
    except SyntaxError as e:
        return peer.error("expr", a.variant, "the expression does not parse: %s" % e.msg)
    import uniform
    dt = np.float32 if a.dtype == "float32" else np.float64
    names = arrays_of(tree)
    arrays = {name: uniform.doubles(np, a.n, a.seed, j * a.n).astype(dt) for j, name in enumerate(names)}
    tree, consts = literals(tree, dt, np)
    libs = [("numpy", np.__version__)]
    if a.variant == "numpy":
        functions = {"where": np.where, "sqrt": np.sqrt, "exp": np.exp, "log": np.log, "abs": np.abs,
                     "min": np.minimum, "max": np.maximum, "pow": np.power}
        code = compile(tree, "<expr>", "eval")
        scope = dict(functions, **arrays, **consts)
        peer.threads_used(1)

        def run():
            with np.errstate(all="ignore"):
                return np.asarray(eval(code, {"__builtins__": {}}, scope), dtype=dt)  # noqa: S307 - parsed by ast above
    else:
        try:
            import numexpr as ne
        except ImportError:
            return peer.error("expr", a.variant, "numexpr is not installed (Debian: python3-numexpr)")
        libs.append(("numexpr", ne.__version__))
        ne.set_num_threads(a.threads)
        peer.threads_used(a.threads)
        text = numexpr_text(tree)
        scope = dict(arrays, **consts)
        out = np.full(a.n, np.nan, dtype=dt)

        def run():
            return ne.evaluate(text, local_dict=scope, out=out, casting="same_kind")
    result, secs = peer.timed(run, a.repeats)
    if result.dtype != dt:
        return peer.error("expr", a.variant, "the result is %s, not %s" % (result.dtype, a.dtype))
    fp = peer._Digest()
    fp.update(result.astype("<f8" if a.dtype == "float64" else "<f4", copy=False).tobytes())
    total = float(result.astype(np.float64).sum())
    return peer.result("expr", a.variant, {"expression": a.expression, "n": a.n, "dtype": a.dtype, "seed": a.seed}, a,
                       secs, a.n, "elements/s", total, peer.version_string(libs), fingerprint=fp.hexdigest())


if __name__ == "__main__":
    sys.exit(main())
