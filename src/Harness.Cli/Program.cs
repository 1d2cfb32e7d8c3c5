namespace Harness.Cli;

internal static class Program
{
    private static int Main(string[] args) => CommandLine.Build().Parse(args).Invoke();
}
