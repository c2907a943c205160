namespace HyperSharp.Gpu.Ptx;

/// <summary>
/// Counts of a kernel's PTX instructions by what they do: memory traffic, floating-point and integer arithmetic,
/// branches. Either each instruction once (<see cref="PtxSummary.Static"/>) or weighted by how often one thread runs
/// it (<see cref="PtxSummary.PerThread"/>), hence doubles.
/// </summary>
public sealed class PtxTally
{
    public double Instructions { get; private set; }
    public double GlobalLoads { get; private set; }
    public double GlobalLoadBytes { get; private set; }
    public double GlobalStores { get; private set; }
    public double GlobalStoreBytes { get; private set; }

    /// <summary>Atomic and reduction operations on global memory (<c>atom.global</c>, <c>red.global</c>).</summary>
    public double GlobalAtomics { get; private set; }
    public double GlobalAtomicBytes { get; private set; }
    public double SharedLoads { get; private set; }
    public double SharedStores { get; private set; }

    /// <summary>Thread-local memory, where registers spill and stack arrays live.</summary>
    public double LocalLoads { get; private set; }
    public double LocalStores { get; private set; }

    /// <summary>Double-precision arithmetic.</summary>
    public PtxFloatTally F64 { get; } = new();

    /// <summary>Single-precision arithmetic.</summary>
    public PtxFloatTally F32 { get; } = new();

    /// <summary>Integer and bitwise arithmetic (address arithmetic included).</summary>
    public double IntegerOps { get; private set; }

    /// <summary>Integer multiplies and multiply-adds, the costly half of a 64-bit hash.</summary>
    public double IntegerMultiplies { get; private set; }

    /// <summary>Integer divisions and remainders: no GPU has an instruction for them, ptxas expands each into many.</summary>
    public double IntegerDivisions { get; private set; }

    public double Branches { get; private set; }
    public double ConditionalBranches { get; private set; }
    public double Calls { get; private set; }

    /// <summary>Bytes global loads, stores and atomics move, as issued (caches may serve some).</summary>
    public double GlobalBytes => GlobalLoadBytes + GlobalStoreBytes + GlobalAtomicBytes;

    /// <summary>Adds one instruction, run <paramref name="weight"/> times.</summary>
    internal void Add(PtxInstruction instruction, double weight)
    {
        Instructions += weight;
        string op = instruction.Base;
        string? type = instruction.Type;
        double bytes = weight * instruction.OperandBytes;
        switch (op)
        {
            case "ld" or "ldu":
                if (instruction.Has("global"))
                    (GlobalLoads, GlobalLoadBytes) = (GlobalLoads + weight, GlobalLoadBytes + bytes);
                else if (instruction.Has("shared"))
                    SharedLoads += weight;
                else if (instruction.Has("local"))
                    LocalLoads += weight;
                return;
            case "st":
                if (instruction.Has("global"))
                    (GlobalStores, GlobalStoreBytes) = (GlobalStores + weight, GlobalStoreBytes + bytes);
                else if (instruction.Has("shared"))
                    SharedStores += weight;
                else if (instruction.Has("local"))
                    LocalStores += weight;
                return;
            case "atom" or "red":
                if (instruction.Has("global") || !instruction.Has("shared"))
                    (GlobalAtomics, GlobalAtomicBytes) = (GlobalAtomics + weight, GlobalAtomicBytes + bytes);
                return;
            case "bra" or "brx":
                Branches += weight;
                if (instruction.Predicated)
                    ConditionalBranches += weight;
                return;
            case "call":
                Calls += weight;
                return;
        }
        if (type is "f64")
            F64.Count(op, weight);
        else if (type is "f32")
            F32.Count(op, weight);
        else if (type is not null && IntegerOperations.Contains(op))
        {
            IntegerOps += weight;
            if (op is "mul" or "mad" or "mul24" or "mad24")
                IntegerMultiplies += weight;
            else if (op is "div" or "rem")
                IntegerDivisions += weight;
        }
    }

    private static readonly HashSet<string> IntegerOperations =
    [
        "add", "sub", "mul", "mad", "mul24", "mad24", "div", "rem", "abs", "neg", "min", "max", "shl", "shr",
        "and", "or", "xor", "not", "popc", "clz", "brev", "bfe", "bfi", "sad",
    ];
}

/// <summary>Floating-point instructions of one precision, and the operations they count for.</summary>
public sealed class PtxFloatTally
{
    /// <summary>Additions and subtractions.</summary>
    public double Add { get; private set; }
    public double Mul { get; private set; }

    /// <summary>Fused multiply-adds (<c>fma</c>, and <c>mad</c> on floats, which is one).</summary>
    public double Fma { get; private set; }
    public double Div { get; private set; }

    /// <summary>Square roots and reciprocal square roots.</summary>
    public double Sqrt { get; private set; }
    public double Rcp { get; private set; }

    /// <summary>Sine, cosine, log₂, 2ˣ, tanh: the special-function unit's approximations.</summary>
    public double Transcendental { get; private set; }

    /// <summary>
    /// Floating-point operations by the usual count: one per add, sub, mul, div, sqrt, rcp and transcendental, two per
    /// fma. A GPU has no single instruction for an FP64 div or sqrt: ptxas expands each into a sequence.
    /// </summary>
    public double Flops => Add + Mul + 2 * Fma + Div + Sqrt + Rcp + Transcendental;

    /// <summary>Div, sqrt, rcp and transcendental instructions: the ones that are sequences or go to the special-function unit.</summary>
    public double Special => Div + Sqrt + Rcp + Transcendental;

    /// <summary>Whether any floating-point arithmetic was counted.</summary>
    public bool Any => Flops > 0;

    internal void Count(string op, double weight)
    {
        switch (op)
        {
            case "add" or "sub": Add += weight; break;
            case "mul": Mul += weight; break;
            case "fma" or "mad": Fma += weight; break;
            case "div": Div += weight; break;
            case "sqrt" or "rsqrt": Sqrt += weight; break;
            case "rcp": Rcp += weight; break;
            case "sin" or "cos" or "lg2" or "ex2" or "tanh": Transcendental += weight; break;
        }
    }
}
