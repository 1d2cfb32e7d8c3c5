using System.CommandLine;
using Harness.Agent;

namespace Harness.Cli.Commands;

/// <summary><c>harness agent</c>: run jobs sent over the network on this machine (a Raspberry Pi, a Jetson, a VM).</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "address and port: 127.0.0.1:7070 (this machine only) or 0.0.0.0:7070 (needs --token-file and TLS)", DefaultValueFactory = _ => "127.0.0.1:7070" };
        var store = new Option<string>("--store") { Description = "folder for uploaded models and job scratch files", Required = true };
        var tokenFile = new Option<string?>("--token-file") { Description = "file holding the bearer token clients must send (at least 16 characters)" };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "PEM certificate for HTTPS (HTTP/2)" };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key of --tls-cert" };
        var maxUpload = new Option<double>("--max-upload-mb") { Description = "largest model the agent stores, in MB", DefaultValueFactory = _ => AgentOptions.DefaultMaxUploadMegabytes };
        var probeRound = new Option<double>("--probe-round-ms") { Description = "length of each timed round of the roofline probe, in ms (shorter: quicker, noisier)", DefaultValueFactory = _ => AgentOptions.DefaultProbeRoundMs };
        var command = new Command("agent", "Run jobs from 'harness run' on this machine: targets with device: agent and this agent's url send their jobs here.")
        {
            listen,
            store,
            tokenFile,
            tlsCert,
            tlsKey,
            maxUpload,
            probeRound,
        };
        command.SetAction((parse, cancellation) => UserErrors.RunAsync(parse, async _ =>
        {
            var options = AgentOptions.Create(parse.GetValue(listen)!, parse.GetValue(store)!, parse.GetValue(tokenFile), parse.GetValue(tlsCert), parse.GetValue(tlsKey), parse.GetValue(maxUpload)) with
            {
                ProbeRound = AgentOptions.ParseProbeRound(parse.GetValue(probeRound)),
            };
            await AgentServer.RunAsync(options, Console.Out, cancellation).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}
