using System.Text.Json;
using Harness.Results;

namespace Harness.Tests.Results;

public sealed class EnvironmentInfoJsonTests
{
    private static readonly EnvironmentInfo Environment = new("Linux", "x86", 2, 1 << 30, ".NET 10", "1.30.0", ["CPUExecutionProvider"]);

    [Fact]
    public void Should_Write_The_Runtime_Version_As_The_Contract_Spells_It()
    {
        var json = JsonSerializer.Serialize(Environment, ResultsJson.Compact);
        Assert.Contains("\"onnxruntime\":\"1.30.0\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("onnxRuntime", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Read_Files_Written_With_The_Earlier_Spelling()
    {
        const string earlier = """{"os":"Linux","cpu":"x86","cores":2,"memoryBytes":1,"dotnet":".NET 10","onnxRuntime":"1.29.0","providers":[]}""";
        Assert.Equal("1.29.0", JsonSerializer.Deserialize<EnvironmentInfo>(earlier, ResultsJson.Compact)!.OnnxRuntime);
    }
}
