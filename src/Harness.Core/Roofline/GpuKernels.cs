using ILGPU;

namespace Harness.Roofline;

/// <summary>
/// The GPU probe's kernels, written once in C# and compiled by ILGPU (to PTX on a CUDA device, or
/// run on ILGPU's CPU accelerator in tests). The FMA kernel keeps <see cref="Chains"/> independent
/// accumulators per thread and runs each twice per loop trip, so the loop's own instructions take
/// a small share of the issue slots. Written <c>a * m + c</c>: ILGPU 1.5.3 does not map
/// <see cref="MathF.FusedMultiplyAdd"/> (it would stay an unresolved call), and emits
/// <c>mul.f32</c> and <c>add.f32</c> without a rounding mode, which ptxas contracts into one FFMA.
/// </summary>
internal static class GpuKernels
{
    public const int Chains = 16;

    /// <summary>Floating-point operations one launch of <see cref="Fp32Fma"/> performs (an FMA is two).</summary>
    public static double Fp32Operations(long threads, int iterations) => 2.0 * threads * iterations * Chains * 2;

    public static void Fp32Fma(Index1D index, ArrayView<float> output, int iterations, float m, float c)
    {
        var seed = index.X * 1e-9f;
        float a0 = seed, a1 = seed + 0.01f, a2 = seed + 0.02f, a3 = seed + 0.03f, a4 = seed + 0.04f, a5 = seed + 0.05f,
            a6 = seed + 0.06f, a7 = seed + 0.07f, a8 = seed + 0.08f, a9 = seed + 0.09f, a10 = seed + 0.10f,
            a11 = seed + 0.11f, a12 = seed + 0.12f, a13 = seed + 0.13f, a14 = seed + 0.14f, a15 = seed + 0.15f;
        for (var i = 0; i < iterations; i++)
        {
            a0 = a0 * m + c;
            a1 = a1 * m + c;
            a2 = a2 * m + c;
            a3 = a3 * m + c;
            a4 = a4 * m + c;
            a5 = a5 * m + c;
            a6 = a6 * m + c;
            a7 = a7 * m + c;
            a8 = a8 * m + c;
            a9 = a9 * m + c;
            a10 = a10 * m + c;
            a11 = a11 * m + c;
            a12 = a12 * m + c;
            a13 = a13 * m + c;
            a14 = a14 * m + c;
            a15 = a15 * m + c;
            a0 = a0 * m + c;
            a1 = a1 * m + c;
            a2 = a2 * m + c;
            a3 = a3 * m + c;
            a4 = a4 * m + c;
            a5 = a5 * m + c;
            a6 = a6 * m + c;
            a7 = a7 * m + c;
            a8 = a8 * m + c;
            a9 = a9 * m + c;
            a10 = a10 * m + c;
            a11 = a11 * m + c;
            a12 = a12 * m + c;
            a13 = a13 * m + c;
            a14 = a14 * m + c;
            a15 = a15 * m + c;
        }

        output[index] = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
    }

    /// <summary>STREAM's triad, one element per thread: <c>a = b + s·c</c> (12 bytes moved per element).</summary>
    public static void Triad(Index1D index, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, float s) =>
        a[index] = b[index] + s * c[index];
}
