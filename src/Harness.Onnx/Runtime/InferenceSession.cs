using System.Runtime.InteropServices;

namespace Harness.Onnx.Runtime;

/// <summary>An <c>OrtSession</c>: one loaded model, with its inputs and outputs read once at load.</summary>
public sealed unsafe class InferenceSession : IDisposable
{
    private InferenceSession(OrtEnvironment environment, SessionHandle handle)
    {
        Library = environment.Library;
        Handle = handle;
        var api = Library.Api;
        var session = handle.DangerousGetHandle();
        Inputs = ReadInfos(api, session, OrtApi.SessionGetInputCount, OrtApi.SessionGetInputName, OrtApi.SessionGetInputTypeInfo);
        Outputs = ReadInfos(api, session, OrtApi.SessionGetOutputCount, OrtApi.SessionGetOutputName, OrtApi.SessionGetOutputTypeInfo);
    }

    public OrtLibrary Library { get; }

    public IReadOnlyList<TensorInfo> Inputs { get; }

    public IReadOnlyList<TensorInfo> Outputs { get; }

    internal SessionHandle Handle { get; }

    public static InferenceSession FromFile(OrtEnvironment env, string path, SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        using var utf8Path = new Utf8String(path, nameof(path));
        using var envLease = new HandleLease(env.Handle);
        using var optionsLease = new HandleLease(options.Handle);
        var handle = new SessionHandle(env.Library.Api);
        handle.Attach(env.Library.Api.NewSession(envLease.Value, utf8Path.Pointer, optionsLease.Value));
        return Adopt(env, handle);
    }

    public static InferenceSession FromBytes(OrtEnvironment env, ReadOnlySpan<byte> model, SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        using var envLease = new HandleLease(env.Handle);
        using var optionsLease = new HandleLease(options.Handle);
        var handle = new SessionHandle(env.Library.Api);
        fixed (byte* data = model)
        {
            handle.Attach(env.Library.Api.NewSessionFromArray(envLease.Value, data, (nuint)model.Length, optionsLease.Value));
        }

        return Adopt(env, handle);
    }

    /// <summary>Runs once; outputs come back in <paramref name="outputNames"/> order and belong to the caller.</summary>
    public OrtValue[] Run(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputs, IReadOnlyList<string> outputNames)
    {
        using var prepared = Prepare(inputNames, inputs, outputNames);
        return prepared.InvokeAndTakeOutputs();
    }

    /// <summary>
    /// Marshals names and input handles once for repeated runs (see <see cref="PreparedRun"/>). The
    /// inputs stay alive, natively, until the prepared run is disposed; refill their data in place
    /// to run on new values.
    /// </summary>
    public PreparedRun Prepare(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputs, IReadOnlyList<string> outputNames) =>
        new(this, inputNames, inputs, outputNames);

    public IoBinding CreateIoBinding() => new(this);

    /// <summary>Stops profiling (enabled by <see cref="SessionOptions.EnableProfiling"/>) and returns the profile file's path.</summary>
    public string EndProfiling()
    {
        var api = Library.Api;
        using var session = new HandleLease(Handle);
        var path = api.EndProfilingSession(session.Value, api.DefaultAllocator);
        try
        {
            return Marshal.PtrToStringUTF8((nint)path) ?? string.Empty;
        }
        finally
        {
            api.Free(api.DefaultAllocator, path);
        }
    }

    public void Dispose() => Handle.Dispose();

    private static InferenceSession Adopt(OrtEnvironment env, SessionHandle handle)
    {
        // ORT requires the environment to outlive its sessions.
        handle.AddDependency(env.Handle);
        try
        {
            return new InferenceSession(env, handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static TensorInfo[] ReadInfos(OrtApi api, nint session, int countIndex, int nameIndex, int typeIndex)
    {
        var count = (int)api.GetCount(countIndex, session);
        var infos = new TensorInfo[count];
        for (var i = 0; i < count; i++)
        {
            var name = ReadName(api, session, nameIndex, (nuint)i);
            using var typeInfo = new TypeInfoHandle(api);
            typeInfo.Attach(api.GetTypeInfo(typeIndex, session, (nuint)i));
            infos[i] = Describe(api, name, typeInfo.DangerousGetHandle());
        }

        return infos;
    }

    private static string ReadName(OrtApi api, nint session, int nameIndex, nuint position)
    {
        var name = api.GetName(nameIndex, session, position, api.DefaultAllocator);
        try
        {
            return Marshal.PtrToStringUTF8((nint)name) ?? string.Empty;
        }
        finally
        {
            api.Free(api.DefaultAllocator, name);
        }
    }

    internal static TensorInfo Describe(OrtApi api, string name, nint typeInfo)
    {
        var tensorInfo = api.OnnxTypeOf(typeInfo) == OrtApi.OnnxTypeTensor ? api.AsTensorInfo(typeInfo) : 0;
        if (tensorInfo == 0)
        {
            return new TensorInfo(name, TensorElementType.Undefined, [], []) { IsTensor = false };
        }

        var elementType = (TensorElementType)api.ElementTypeOf(tensorInfo);
        var rank = api.DimensionCount(tensorInfo);
        var shape = new long[(int)rank];
        var symbols = new string?[(int)rank];
        if (rank > 0)
        {
            var names = new nint[(int)rank];
            fixed (long* dims = shape)
            fixed (nint* namePointers = names)
            {
                api.Dimensions(tensorInfo, dims, rank);
                api.SymbolicDimensions(tensorInfo, (byte**)namePointers, rank);
            }

            for (var d = 0; d < (int)rank; d++)
            {
                var symbol = names[d] == 0 ? null : Marshal.PtrToStringUTF8(names[d]);
                symbols[d] = string.IsNullOrEmpty(symbol) ? null : symbol;
            }
        }

        return new TensorInfo(name, elementType, shape, symbols);
    }
}
