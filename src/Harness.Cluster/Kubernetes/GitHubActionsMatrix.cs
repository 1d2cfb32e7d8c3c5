using System.Globalization;
using System.Text;

namespace Harness.Cluster.Kubernetes;

/// <summary>
/// An example GitHub Actions workflow, written beside the manifests: the same shards as a job
/// matrix on CI runners, each uploading its run, and a merge job that downloads them all. Runners
/// share no folder, so artifacts carry the shards to the merge.
/// </summary>
public static class GitHubActionsMatrix
{
    public const string FileName = "github-actions-matrix.yml";

    /// <param name="scenario">The scenario as the repository names it (relative to its root).</param>
    public static string Workflow(string scenario, int shards)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var matrix = string.Join(", ", Enumerable.Range(0, shards).Select(i => i.ToString(CultureInfo.InvariantCulture)));
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $$$"""
            # Example: {{{scenario}}} measured as {{{shards}}} shards on GitHub Actions runners, then merged.
            # Copy to .github/workflows/ to use. Hosted runners differ from one another: the merged
            # report names each runner's fingerprint, and figures compare only within one.
            name: harness-sharded
            on: workflow_dispatch
            jobs:
              shard:
                runs-on: ubuntu-latest
                strategy:
                  fail-fast: false
                  matrix:
                    shard: [{{{matrix}}}]
                steps:
                  - uses: actions/checkout@v4
                  - uses: actions/setup-dotnet@v4
                    with:
                      dotnet-version: '10.0.x'
                  - run: ./run.sh run {{{scenario}}} --shard ${{ matrix.shard }}/{{{shards}}} --results shards/${{ matrix.shard }}
                  - uses: actions/upload-artifact@v4
                    with:
                      name: shard-${{ matrix.shard }}
                      path: shards/${{ matrix.shard }}/*-shard*of*/
              merge:
                needs: shard
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - uses: actions/setup-dotnet@v4
                    with:
                      dotnet-version: '10.0.x'
                  - uses: actions/download-artifact@v4
                    with:
                      path: shards
                  - run: ./run.sh merge shards/shard-* --results merged
                  - uses: actions/upload-artifact@v4
                    with:
                      name: merged
                      path: merged/

            """);
        return text.ToString();
    }
}
