using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Harness.Roofline;

/// <summary>
/// The CPU probe's kernels. Each throughput kernel keeps <see cref="Chains"/> independent
/// accumulators, so the FMA (or dot-product) units never wait on the previous result: with a
/// latency of 4 cycles and two units per core, 8 chains are needed, 12 leave a margin. Each returns
/// a value derived from every accumulator so the JIT cannot drop the work. The kernels are
/// compiled fully optimised at their first call: a short sample (<see cref="MachineSpeed"/>) would
/// otherwise time the JIT's first tier, several times slower.
/// </summary>
internal static class CpuKernels
{
    public const int Chains = 12;

    /// <summary>The widest vector the JIT accelerates here, in bits; the fp32 kernel uses it.</summary>
    public static int VectorBits { get; } =
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;

    /// <summary>Floating-point operations <see cref="Fp32Fma"/> performs for a given iteration count (an FMA is two).</summary>
    public static double Fp32Operations(long iterations) => 2.0 * iterations * Chains * (VectorBits / 32);

    /// <summary>
    /// <see cref="Vector512.MultiplyAddEstimate"/> is one fused instruction where the hardware has
    /// FMA (x86 FMA3/AVX-512, Arm AdvSimd), and a multiply and an add where not; both are two
    /// operations, so the figure is the attainable multiply-add rate either way.
    /// </summary>
    public static float Fp32Fma(long iterations) => VectorBits switch
    {
        512 => Fp32Fma512(iterations),
        256 => Fp32Fma256(iterations),
        _ => Fp32Fma128(iterations),
    };

    /// <summary>The int8 dot-product instruction this CPU and .NET can run, or null.</summary>
    public static string? Int8Instruction { get; } =
        AvxVnni.IsSupported ? "AVX-VNNI vpdpbusd (256-bit)"
        : Dp.IsSupported ? "Arm SDOT (128-bit)"
        : null;

    /// <summary>Integer operations <see cref="Int8Dot"/> performs (a multiply-accumulate of two int8 values is two).</summary>
    public static double Int8Operations(long iterations) => 2.0 * iterations * Chains * (AvxVnni.IsSupported ? 32 : 16);

    public static int Int8Dot(long iterations) =>
        AvxVnni.IsSupported ? Int8DotAvxVnni(iterations)
        : Dp.IsSupported ? Int8DotArm(iterations)
        : throw new PlatformNotSupportedException("no int8 dot-product instruction");

    /// <summary>STREAM's triad, <c>a = b + s·c</c>, over one slice; STREAM counts 12 bytes per element (two reads, one write).</summary>
    public static void Triad(Span<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, float s) =>
        TensorPrimitives.MultiplyAdd(c, s, b, a);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Fp32Fma512(long iterations)
    {
        var m = Vector512.Create(0.999999f);
        var c = Vector512.Create(1e-6f);
        Vector512<float> a0 = Vector512.Create(0.1f), a1 = Vector512.Create(0.2f), a2 = Vector512.Create(0.3f),
            a3 = Vector512.Create(0.4f), a4 = Vector512.Create(0.5f), a5 = Vector512.Create(0.6f),
            a6 = Vector512.Create(0.7f), a7 = Vector512.Create(0.8f), a8 = Vector512.Create(0.9f),
            a9 = Vector512.Create(1.0f), a10 = Vector512.Create(1.1f), a11 = Vector512.Create(1.2f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.MultiplyAddEstimate(a0, m, c);
            a1 = Vector512.MultiplyAddEstimate(a1, m, c);
            a2 = Vector512.MultiplyAddEstimate(a2, m, c);
            a3 = Vector512.MultiplyAddEstimate(a3, m, c);
            a4 = Vector512.MultiplyAddEstimate(a4, m, c);
            a5 = Vector512.MultiplyAddEstimate(a5, m, c);
            a6 = Vector512.MultiplyAddEstimate(a6, m, c);
            a7 = Vector512.MultiplyAddEstimate(a7, m, c);
            a8 = Vector512.MultiplyAddEstimate(a8, m, c);
            a9 = Vector512.MultiplyAddEstimate(a9, m, c);
            a10 = Vector512.MultiplyAddEstimate(a10, m, c);
            a11 = Vector512.MultiplyAddEstimate(a11, m, c);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Fp32Fma256(long iterations)
    {
        var m = Vector256.Create(0.999999f);
        var c = Vector256.Create(1e-6f);
        Vector256<float> a0 = Vector256.Create(0.1f), a1 = Vector256.Create(0.2f), a2 = Vector256.Create(0.3f),
            a3 = Vector256.Create(0.4f), a4 = Vector256.Create(0.5f), a5 = Vector256.Create(0.6f),
            a6 = Vector256.Create(0.7f), a7 = Vector256.Create(0.8f), a8 = Vector256.Create(0.9f),
            a9 = Vector256.Create(1.0f), a10 = Vector256.Create(1.1f), a11 = Vector256.Create(1.2f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.MultiplyAddEstimate(a0, m, c);
            a1 = Vector256.MultiplyAddEstimate(a1, m, c);
            a2 = Vector256.MultiplyAddEstimate(a2, m, c);
            a3 = Vector256.MultiplyAddEstimate(a3, m, c);
            a4 = Vector256.MultiplyAddEstimate(a4, m, c);
            a5 = Vector256.MultiplyAddEstimate(a5, m, c);
            a6 = Vector256.MultiplyAddEstimate(a6, m, c);
            a7 = Vector256.MultiplyAddEstimate(a7, m, c);
            a8 = Vector256.MultiplyAddEstimate(a8, m, c);
            a9 = Vector256.MultiplyAddEstimate(a9, m, c);
            a10 = Vector256.MultiplyAddEstimate(a10, m, c);
            a11 = Vector256.MultiplyAddEstimate(a11, m, c);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Fp32Fma128(long iterations)
    {
        var m = Vector128.Create(0.999999f);
        var c = Vector128.Create(1e-6f);
        Vector128<float> a0 = Vector128.Create(0.1f), a1 = Vector128.Create(0.2f), a2 = Vector128.Create(0.3f),
            a3 = Vector128.Create(0.4f), a4 = Vector128.Create(0.5f), a5 = Vector128.Create(0.6f),
            a6 = Vector128.Create(0.7f), a7 = Vector128.Create(0.8f), a8 = Vector128.Create(0.9f),
            a9 = Vector128.Create(1.0f), a10 = Vector128.Create(1.1f), a11 = Vector128.Create(1.2f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector128.MultiplyAddEstimate(a0, m, c);
            a1 = Vector128.MultiplyAddEstimate(a1, m, c);
            a2 = Vector128.MultiplyAddEstimate(a2, m, c);
            a3 = Vector128.MultiplyAddEstimate(a3, m, c);
            a4 = Vector128.MultiplyAddEstimate(a4, m, c);
            a5 = Vector128.MultiplyAddEstimate(a5, m, c);
            a6 = Vector128.MultiplyAddEstimate(a6, m, c);
            a7 = Vector128.MultiplyAddEstimate(a7, m, c);
            a8 = Vector128.MultiplyAddEstimate(a8, m, c);
            a9 = Vector128.MultiplyAddEstimate(a9, m, c);
            a10 = Vector128.MultiplyAddEstimate(a10, m, c);
            a11 = Vector128.MultiplyAddEstimate(a11, m, c);
        }

        return Vector128.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    /// <summary>vpdpbusd multiplies 32 unsigned by 32 signed bytes and adds each group of four into an int32 lane.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int Int8DotAvxVnni(long iterations)
    {
        var left = Vector256.Create((byte)3);
        var right = Vector256.Create((sbyte)-1);
        Vector256<int> a0 = Vector256.Create(0), a1 = Vector256.Create(1), a2 = Vector256.Create(2),
            a3 = Vector256.Create(3), a4 = Vector256.Create(4), a5 = Vector256.Create(5),
            a6 = Vector256.Create(6), a7 = Vector256.Create(7), a8 = Vector256.Create(8),
            a9 = Vector256.Create(9), a10 = Vector256.Create(10), a11 = Vector256.Create(11);
        for (long i = 0; i < iterations; i++)
        {
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, left, right);
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, left, right);
            a2 = AvxVnni.MultiplyWideningAndAdd(a2, left, right);
            a3 = AvxVnni.MultiplyWideningAndAdd(a3, left, right);
            a4 = AvxVnni.MultiplyWideningAndAdd(a4, left, right);
            a5 = AvxVnni.MultiplyWideningAndAdd(a5, left, right);
            a6 = AvxVnni.MultiplyWideningAndAdd(a6, left, right);
            a7 = AvxVnni.MultiplyWideningAndAdd(a7, left, right);
            a8 = AvxVnni.MultiplyWideningAndAdd(a8, left, right);
            a9 = AvxVnni.MultiplyWideningAndAdd(a9, left, right);
            a10 = AvxVnni.MultiplyWideningAndAdd(a10, left, right);
            a11 = AvxVnni.MultiplyWideningAndAdd(a11, left, right);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    /// <summary>SDOT multiplies 16 signed byte pairs and adds each group of four into an int32 lane.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int Int8DotArm(long iterations)
    {
        var left = Vector128.Create((sbyte)3);
        var right = Vector128.Create((sbyte)-1);
        Vector128<int> a0 = Vector128.Create(0), a1 = Vector128.Create(1), a2 = Vector128.Create(2),
            a3 = Vector128.Create(3), a4 = Vector128.Create(4), a5 = Vector128.Create(5),
            a6 = Vector128.Create(6), a7 = Vector128.Create(7), a8 = Vector128.Create(8),
            a9 = Vector128.Create(9), a10 = Vector128.Create(10), a11 = Vector128.Create(11);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Dp.DotProduct(a0, left, right);
            a1 = Dp.DotProduct(a1, left, right);
            a2 = Dp.DotProduct(a2, left, right);
            a3 = Dp.DotProduct(a3, left, right);
            a4 = Dp.DotProduct(a4, left, right);
            a5 = Dp.DotProduct(a5, left, right);
            a6 = Dp.DotProduct(a6, left, right);
            a7 = Dp.DotProduct(a7, left, right);
            a8 = Dp.DotProduct(a8, left, right);
            a9 = Dp.DotProduct(a9, left, right);
            a10 = Dp.DotProduct(a10, left, right);
            a11 = Dp.DotProduct(a11, left, right);
        }

        return Vector128.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
