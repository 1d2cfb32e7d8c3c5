using System.Reflection;
using Harness.Roofline;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace Harness.Tests.Roofline;

/// <summary>
/// The GPU probe's kernels without a GPU: run on ILGPU's CPU accelerator they compute what the
/// scalar code does, and compiled by the same PTX back end a CUDA device uses they become the
/// instructions the figures assume, with no call left unresolved.
/// </summary>
public sealed class GpuKernelsTests
{
    [Fact]
    public void The_FMA_kernel_runs_every_chain_twice_per_iteration()
    {
        using var context = Context.Create(builder => builder.CPU());
        using var accelerator = context.CreateCPUAccelerator(0);
        const int threads = 64;
        const int iterations = 10;
        using var output = accelerator.Allocate1D<float>(threads);
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, float, float>(GpuKernels.Fp32Fma);

        kernel(threads, output.View, iterations, 0.5f, 1f);
        accelerator.Synchronize();
        var actual = output.GetAsArray1D();

        for (var thread = 0; thread < threads; thread++)
        {
            var expected = 0f;
            for (var chain = 0; chain < GpuKernels.Chains; chain++)
            {
                var a = thread * 1e-9f + chain * 0.01f;
                for (var step = 0; step < 2 * iterations; step++)
                {
                    a = a * 0.5f + 1f;
                }

                expected += a;
            }

            Assert.Equal(expected, actual[thread], 4);
        }
    }

    [Fact]
    public void The_triad_kernel_writes_b_plus_s_times_c()
    {
        using var context = Context.Create(builder => builder.CPU());
        using var accelerator = context.CreateCPUAccelerator(0);
        var b = Enumerable.Range(0, 1000).Select(i => (float)i).ToArray();
        var c = Enumerable.Range(0, 1000).Select(i => 1000f - i).ToArray();
        using var a = accelerator.Allocate1D<float>(1000);
        using var bBuffer = accelerator.Allocate1D(b);
        using var cBuffer = accelerator.Allocate1D(c);
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, float>(GpuKernels.Triad);

        kernel(1000, a.View, bBuffer.View, cBuffer.View, 3f);
        accelerator.Synchronize();

        Assert.Equal(b.Select((value, i) => value + 3f * c[i]), a.GetAsArray1D());
    }

    [Fact]
    public void The_probe_on_the_CPU_accelerator_reports_the_triad_bytes_it_moved()
    {
        using var context = Context.Create(builder => builder.CPU());
        using var accelerator = context.CreateCPUAccelerator(0);

        var (bytesPerSecond, elements) = CudaPeakProbe.TriadBandwidth(accelerator, maxElements: 1 << 12);

        Assert.Equal(1 << 12, elements);
        Assert.True(bytesPerSecond > 0);
    }

    [Theory]
    [InlineData(nameof(GpuKernels.Fp32Fma), "mul.f32")]
    [InlineData(nameof(GpuKernels.Triad), "ld.global.f32")]
    public void Each_kernel_compiles_to_PTX_for_a_Hopper_GPU(string kernel, string instruction)
    {
        using var context = Context.Create(builder => builder.Optimize(OptimizationLevel.O2));
        using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_90), CudaArchitecture.SM_90, CudaInstructionSet.ISA_83, nvvmAPI: null);
        var method = typeof(GpuKernels).GetMethod(kernel, BindingFlags.Public | BindingFlags.Static)!;
        var entry = EntryPointDescription.FromImplicitlyGroupedKernel(method);

        var compiled = (PTXCompiledKernel)backend.Compile(entry, default);

        // An .extern function is a call ILGPU could not map (MathF.FusedMultiplyAdd was one): the
        // driver would refuse to link the module, so the probe would fail only on a real GPU.
        Assert.DoesNotContain(".extern", compiled.PTXAssembly, StringComparison.Ordinal);
        Assert.Contains(instruction, compiled.PTXAssembly, StringComparison.Ordinal);
    }
}
