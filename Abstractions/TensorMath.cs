using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Abstractions;

/// <summary>
/// Scalar-safe replacements for TorchSharp overloads that create a temporary native <see cref="Scalar"/> nothing keeps
/// alive during the native call (the alpha = 1 of <c>add</c>, the exponent 2 of <c>square</c>, implicit number
/// conversions). A garbage collection on another thread can finalise such a Scalar while libtorch reads it, and the
/// call then fails at random ("Expected false to be true" from Scalar::toDouble) or reads garbage. Here every Scalar
/// lives in a using declaration until the call returns. <c>BannedSymbols.txt</c> makes the compiler reject the unsafe
/// overloads in this repository; plugin authors are encouraged to do the same.
/// </summary>
public static class TensorMath
{
    /// <summary>
    /// The value of a one-element tensor as a double. TorchSharp's <c>ToDouble()</c> is <c>ToScalar().ReadDouble()</c>,
    /// which leaves the Scalar unreferenced while libtorch reads it, so a garbage collection on another thread can free
    /// it mid-call ("Expected false to be true ... toDouble"); here it lives in a using declaration.
    /// </summary>
    public static double ReadDouble(this Tensor t)
    {
        using var scalar = t.ToScalar();
        return scalar.ToDouble();
    }

    /// <summary>The value of a one-element integer tensor, read like <see cref="ReadDouble"/>.</summary>
    public static long ReadInt64(this Tensor t)
    {
        using var scalar = t.ToScalar();
        return scalar.ToInt64();
    }

    /// <summary>
    /// The values of any tensor (any device, dtype, shape or gradient) as a flat managed array in row-major order. The
    /// intermediate tensors (detached, on the CPU, as float64) live in a dispose scope until the copy is made: a chain
    /// such as <c>t.detach().cpu().data</c> outside a scope leaves each intermediate unreferenced during the next
    /// native call, and a garbage collection on another thread can free it mid-call (TorchSharp passes raw handles).
    /// </summary>
    public static double[] ToDoubles(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var flat = tensor.detach().cpu().to(ScalarType.Float64).contiguous().flatten();
        return flat.data<double>().ToArray();
    }

    /// <summary>a + b.</summary>
    public static Tensor Plus(this Tensor a, Tensor b)
    {
        using var one = 1.0.ToScalar();
        return a.add(b, one);
    }

    /// <summary>a += b, in place.</summary>
    public static Tensor AddInPlace(this Tensor a, Tensor b)
    {
        using var one = 1.0.ToScalar();
        return a.add_(b, one);
    }

    /// <summary>t + value.</summary>
    public static Tensor Plus(this Tensor t, double value)
    {
        using var scalar = value.ToScalar();
        using var one = 1.0.ToScalar();
        return t.add(scalar, one);
    }

    /// <summary>t += value, in place.</summary>
    public static Tensor AddInPlace(this Tensor t, double value)
    {
        using var scalar = value.ToScalar();
        using var one = 1.0.ToScalar();
        return t.add_(scalar, one);
    }

    /// <summary>a += alpha b, in place.</summary>
    public static Tensor AddInPlace(this Tensor a, Tensor b, double alpha)
    {
        using var scalar = alpha.ToScalar();
        return a.add_(b, scalar);
    }

    /// <summary>t - value.</summary>
    public static Tensor Minus(this Tensor t, double value)
    {
        using var scalar = value.ToScalar();
        return t.sub(scalar);
    }

    /// <summary>t / value.</summary>
    public static Tensor DividedBy(this Tensor t, double value)
    {
        using var scalar = value.ToScalar();
        return t.div(scalar);
    }

    /// <summary>t * value.</summary>
    public static Tensor Times(this Tensor t, double value)
    {
        using var scalar = value.ToScalar();
        return t.mul(scalar);
    }

    /// <summary>t^2 elementwise, as t * t (the same value and gradient as <c>square()</c>, no exponent Scalar).</summary>
    public static Tensor Squared(this Tensor t) => t.mul(t);

    /// <summary>A tensor shaped like <paramref name="like"/> filled with <paramref name="value"/>.</summary>
    public static Tensor FullLike(Tensor like, double value)
    {
        using var scalar = value.ToScalar();
        return full_like(like, scalar);
    }

    /// <summary>t[mask] = value, in place.</summary>
    public static Tensor MaskedFillInPlace(this Tensor t, Tensor mask, double value)
    {
        using var scalar = value.ToScalar();
        return t.masked_fill_(mask, scalar);
    }
}
