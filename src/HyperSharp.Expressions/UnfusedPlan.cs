using System.Buffers;
using System.Numerics;

namespace HyperSharp.Expressions;

/// <summary>
/// <see cref="ArrayExpression.EvaluateUnfused{T}"/>'s steps, made once per type and width: the operations in the
/// order NumPy would run them, each compiled alone as a one-operation kernel over its operands (input arrays,
/// earlier steps' arrays, scalars). A subtree of scalars alone is evaluated once per call, not per element.
/// </summary>
internal sealed class UnfusedPlan<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Where an operand comes from: an input array, a step's array, or a scalar subtree (over the constant slots).</summary>
    private abstract record Source;
    private sealed record Input(int Index) : Source;
    private sealed record Temporary(int Step) : Source;
    private sealed record Scalar(Bound Tree) : Source;

    /// <summary>One operation: its kernel, whose arrays are <paramref name="Arrays"/> and whose constants are <paramref name="Scalars"/>, then 1 and 0.</summary>
    private sealed record Step(IKernel<T> Kernel, Source[] Arrays, Scalar[] Scalars, int LastUse);

    private readonly List<Step> _steps = [];
    private readonly Source _result;

    public UnfusedPlan(Bound tree, ExpressionWidth width)
    {
        var lastUse = new Dictionary<int, int>();
        var steps = new List<(Bound Kernel, Source[] Arrays, Scalar[] Scalars)>();
        _result = Visit(tree);

        Source Visit(Bound node)
        {
            switch (node)
            {
                case BoundArray a:
                    return new Input(a.Index);
                case BoundConstant:
                    return new Scalar(node);
                case BoundOperation op:
                    Source[] operands = op.Operands.Select(Visit).ToArray();
                    if (operands.All(o => o is Scalar))
                        return new Scalar(node);
                    var arrays = new List<Source>();
                    var scalars = new List<Scalar>();
                    Bound Slot(Source s)
                    {
                        if (s is Scalar k)
                        {
                            scalars.Add(k);
                            return new BoundConstant(scalars.Count - 1);
                        }
                        if (s is Temporary t)
                            lastUse[t.Step] = steps.Count;
                        arrays.Add(s);
                        return new BoundArray(arrays.Count - 1);
                    }
                    Bound[] slots = operands.Select(Slot).ToArray();
                    int count = scalars.Count;
                    BoundConstant one = new(count), zero = new(count + 1);
                    Bound kernel = op.Operator switch
                    {
                        // A comparison writes a mask array of 1 and 0 (NumPy's bool array); where reads it back.
                        >= Operator.Less and <= Operator.NotEqual => new BoundOperation(Operator.Where, [new BoundOperation(op.Operator, slots), one, zero]),
                        Operator.Where => new BoundOperation(Operator.Where, [new BoundOperation(Operator.NotEqual, [slots[0], zero]), slots[1], slots[2]]),
                        _ => new BoundOperation(op.Operator, slots),
                    };
                    steps.Add((kernel, [.. arrays], [.. scalars]));
                    return new Temporary(steps.Count - 1);
                default:
                    throw new InvalidOperationException(node.GetType().Name);
            }
        }

        for (int s = 0; s < steps.Count; s++)
            _steps.Add(new Step(KernelBuilder.Build<T>(steps[s].Kernel, width), steps[s].Arrays, steps[s].Scalars, lastUse.GetValueOrDefault(s, int.MaxValue)));
    }

    public unsafe void Run(Span<T> destination, IReadOnlyList<ReadOnlyMemory<T>> inputs, T[] constants)
    {
        int n = destination.Length;
        switch (_result)
        {
            case Input i:
                inputs[i.Index].Span.CopyTo(destination);
                return;
            case Scalar s:
                destination.Fill(Value(s, constants));
                return;
        }
        var temporaries = new T[]?[_steps.Count];
        fixed (T* result = destination)
        {
            for (int s = 0; s < _steps.Count; s++)
            {
                Step step = _steps[s];
                bool last = s == _steps.Count - 1;
                T[]? output = last ? null : GC.AllocateUninitializedArray<T>(n);
                var handles = new MemoryHandle[step.Arrays.Length];
                try
                {
                    var frame = new Frame<T>();
                    for (int k = 0; k < step.Arrays.Length; k++)
                    {
                        handles[k] = step.Arrays[k] switch
                        {
                            Input i => inputs[i.Index].Pin(),
                            Temporary t => temporaries[t.Step].AsMemory().Pin(),
                            _ => throw new InvalidOperationException(),
                        };
                        frame.Set(k, (T*)handles[k].Pointer);
                    }
                    T[] slots = [.. step.Scalars.Select(x => Value(x, constants)), T.One, T.Zero];
                    fixed (T* pk = slots)
                    fixed (T* po = output)
                    {
                        frame.Constants = pk;
                        frame.Destination = last ? result : po;
                        step.Kernel.Run(frame, 0, n);
                    }
                }
                finally
                {
                    foreach (MemoryHandle h in handles)
                        h.Dispose();
                }
                temporaries[s] = output;
                // A temporary no later step reads is garbage at once, as NumPy frees it when its count drops to 0.
                for (int t = 0; t < s; t++)
                    if (_steps[t].LastUse == s)
                        temporaries[t] = null;
            }
        }
    }

    private static unsafe T Value(Scalar scalar, T[] constants)
    {
        var one = new T[1];
        fixed (T* pk = constants)
        fixed (T* po = one)
            ArrayExpression.EvalScalar(scalar.Tree, new Frame<T> { Constants = pk, Destination = po });
        return one[0];
    }
}
