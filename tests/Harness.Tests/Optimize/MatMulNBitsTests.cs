using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Optimize.Quantization.WeightOnly;

namespace Harness.Tests.Optimize;

public sealed class MatMulNBitsTests
{
    [Theory]
    [InlineData(64, 16)]
    [InlineData(70, 8)] // K not a multiple of the block: the last block is padded
    public void Int4_weights_pack_as_ORT_reads_them(int k, int n)
    {
        var weights = OptimizeModels.Uniform(k * n, seed: k + n);
        var source = new GraphBuilder("matmul")
            .Input("x", TensorElementType.Float, 3, k)
            .Initializer("W", weights, k, n)
            .Node("MatMul", ["x", "W"], ["y"])
            .Output("y", TensorElementType.Float, 3, n)
            .Build();

        var result = new MatMulNBitsQuantizer(new MatMulNBitsOptions()).Apply(source);
        var node = Assert.Single(result.Model.Graph.Node);
        Assert.Equal(("com.microsoft", "MatMulNBits"), (node.Domain, node.OpType));

        var x = OptimizeModels.Uniform(3 * k, seed: 21);
        var actual = ModelRunner.Run(result.Model, "x", x, [3, k]);

        // ORT computes x · dequantized(B) exactly as unpacked here, and that is close to the float product.
        var dequantized = Dequantize(result.Model, node.Input[1], node.Input[2], node.Input[3], k, n, blockSize: 32);
        Assert.InRange(ModelRunner.MaxAbsDifference(MatMul(x, dequantized, 3, k, n), actual), 0, 1e-4f);
        Assert.All(weights.Zip(dequantized), p => Assert.InRange(Math.Abs(p.First - p.Second), 0, (2f / 15 / 2) + 1e-6f));
        Assert.InRange(ModelRunner.MaxAbsDifference(MatMul(x, weights, 3, k, n), actual), 0, 0.6f);
    }

    private static float[] Dequantize(OnnxModel model, string bName, string scalesName, string zerosName, int k, int n, int blockSize)
    {
        var b = TensorData.ToArray<byte>(model.FindInitializer(bName)!);
        var scales = TensorData.ToArray<float>(model.FindInitializer(scalesName)!);
        var zeros = TensorData.ToArray<byte>(model.FindInitializer(zerosName)!);
        var blocks = (k + blockSize - 1) / blockSize;
        var w = new float[k * n];
        for (var col = 0; col < n; col++)
        {
            for (var row = 0; row < k; row++)
            {
                var (block, within) = (row / blockSize, row % blockSize);
                var code = (b[(((col * blocks) + block) * blockSize / 2) + (within / 2)] >> (4 * (within % 2))) & 0xF;
                var zero = (zeros[(col * ((blocks + 1) / 2)) + (block / 2)] >> (4 * (block % 2))) & 0xF;
                w[(row * n) + col] = (code - zero) * scales[(col * blocks) + block];
            }
        }

        return w;
    }

    private static float[] MatMul(float[] x, float[] w, int m, int k, int n)
    {
        var y = new float[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var t = 0; t < k; t++)
                {
                    sum += x[(i * k) + t] * w[(t * n) + j];
                }

                y[(i * n) + j] = (float)sum;
            }
        }

        return y;
    }
}
