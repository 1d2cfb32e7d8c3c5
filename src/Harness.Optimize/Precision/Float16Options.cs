using System.Text.Json.Nodes;
using Harness.Optimize.Variants;

namespace Harness.Optimize.Precision;

/// <summary>
/// Options of the float16 conversion. The defaults are onnxconverter-common's: its op block list,
/// and constants clamped to ±[1e-7, 1e4]. The clamp is deliberately far inside float16's own range
/// (6.0e-8 … 65504): a weight of 3e4 survives the cast but leaves no headroom for the products
/// and sums it enters, while values below 1e-7 would become float16 subnormals or 0 and lose a
/// divisor or epsilon. 0 itself stays 0.
/// </summary>
public sealed record Float16Options
{
    /// <summary>onnxconverter-common's DEFAULT_OP_BLOCK_LIST: ops without float16 kernels in common runtimes, or numerically fragile in float16.</summary>
    public static readonly IReadOnlyList<string> DefaultBlockedOps =
    [
        "ArrayFeatureExtractor", "Binarizer", "CastMap", "CategoryMapper", "DictVectorizer", "FeatureVectorizer", "Imputer", "LabelEncoder",
        "LinearClassifier", "LinearRegressor", "Normalizer", "OneHotEncoder", "RandomUniformLike", "SVMClassifier", "SVMRegressor", "Scaler",
        "TreeEnsembleClassifier", "TreeEnsembleRegressor", "ZipMap", "NonMaxSuppression", "TopK", "RoiAlign", "Resize", "Range", "CumSum",
        "Min", "Max", "Upsample",
    ];

    /// <summary>Keep float32 graph inputs and outputs, with Cast nodes at the boundary, so callers feed and read float32 as before.</summary>
    public bool KeepIoTypes { get; init; }

    public IReadOnlyList<string> BlockedOps { get; init; } = DefaultBlockedOps;

    public IReadOnlyList<string> BlockedNodes { get; init; } = [];

    /// <summary>Non-zero constants smaller in magnitude become ±this.</summary>
    public float MinPositive { get; init; } = 1e-7f;

    /// <summary>Finite constants larger in magnitude become ±this.</summary>
    public float MaxFinite { get; init; } = 1e4f;

    public JsonObject ToJson() => new()
    {
        ["keepIoTypes"] = KeepIoTypes,
        ["blockedOps"] = CanonicalJson.SortedSet(BlockedOps),
        ["blockedNodes"] = CanonicalJson.SortedSet(BlockedNodes),
        ["minPositive"] = MinPositive,
        ["maxFinite"] = MaxFinite,
    };
}
