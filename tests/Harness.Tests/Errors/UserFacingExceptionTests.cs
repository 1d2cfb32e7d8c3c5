namespace Harness.Tests.Errors;

/// <summary>
/// The command line and the worker print an error's message instead of a stack trace only when it
/// is a <see cref="UserFacingException"/>, so every exception type Harness declares must be one:
/// a new type that forgets would reach users as a crash.
/// </summary>
public sealed class UserFacingExceptionTests
{
    [Fact]
    public void Should_Make_Every_Exception_Harness_Declares_User_Facing()
    {
        var assemblies = new[]
        {
            typeof(Harness.Onnx.Model.OnnxModel).Assembly,
            typeof(Harness.Optimize.Graph.ModelRewriteException).Assembly,
            typeof(Harness.Plan.ScenarioException).Assembly,
            typeof(Harness.Cli.CommandLine).Assembly,
            typeof(Harness.Agent.AgentServer).Assembly,
        };

        var declared = assemblies.SelectMany(a => a.GetTypes()).Where(t => typeof(Exception).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        var notUserFacing = declared.Where(t => !typeof(UserFacingException).IsAssignableFrom(t)).Select(t => t.FullName);

        Assert.Contains(declared, t => t.Name == "UsageException");
        Assert.Contains(typeof(Harness.Onnx.Runtime.OrtException), declared);
        Assert.Empty(notUserFacing);
    }

    [Fact]
    public void Should_Describe_Our_Errors_And_The_Operating_Systems_File_Errors_But_Not_Bugs()
    {
        Assert.True(UserFacingException.Describes(new Harness.Plan.ScenarioException("scenario.yaml:1:1: unknown key")));
        Assert.True(UserFacingException.Describes(new Harness.Measure.InputSpecException("input x has 3 dimensions")));
        Assert.True(UserFacingException.Describes(new DirectoryNotFoundException("no such folder")));
        Assert.True(UserFacingException.Describes(new UnauthorizedAccessException("permission denied")));
        Assert.False(UserFacingException.Describes(new InvalidOperationException("a bug")));
        Assert.False(UserFacingException.Describes(new NullReferenceException()));
    }
}
