using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Verify;

/// <summary>
/// Compile-time JSON contract for <see cref="VerifyResult"/>: camelCase, declaration order, no
/// reflection. Named float literals are allowed because a NaN-against-number or a wrong value where
/// zero was expected has an infinite error, and that must survive into the file as measured.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(VerifyResult))]
internal sealed partial class VerifyJsonContext : JsonSerializerContext;
