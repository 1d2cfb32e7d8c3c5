using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Harness.Onnx.Runtime;

/// <summary>
/// The <c>OrtApi</c> function-pointer table, called through typed wrappers. Indices are 0-based
/// positions in <c>struct OrtApi</c> (onnxruntime_c_api.h); ORT only ever appends to that struct,
/// so an index read from any header stays valid for every later library.
/// </summary>
/// <remarks>
/// Every wrapper that returns <c>OrtStatus*</c> checks it and throws <see cref="OrtException"/>;
/// the success path allocates nothing, which the hot paths (Run, RunWithBinding) rely on.
/// </remarks>
internal sealed unsafe class OrtApi
{
    /// <summary>
    /// The API version we ask for: the lowest that contains every function below
    /// (SessionOptionsAppendExecutionProvider, index 216, arrived in 1.12), so the binding also runs
    /// on older libraries.
    /// </summary>
    internal const uint Version = 12;

    internal const int CreateStatus = 0;
    internal const int GetErrorCode = 1;
    internal const int GetErrorMessage = 2;
    internal const int CreateEnv = 3;
    internal const int CreateSession = 7;
    internal const int CreateSessionFromArray = 8;
    internal const int Run = 9;
    internal const int CreateSessionOptions = 10;
    internal const int SetOptimizedModelFilePath = 11;
    internal const int SetSessionExecutionMode = 13;
    internal const int EnableProfiling = 14;
    internal const int SetSessionGraphOptimizationLevel = 23;
    internal const int SetIntraOpNumThreads = 24;
    internal const int SetInterOpNumThreads = 25;
    internal const int SessionGetInputCount = 30;
    internal const int SessionGetOutputCount = 31;
    internal const int SessionGetInputTypeInfo = 33;
    internal const int SessionGetOutputTypeInfo = 34;
    internal const int SessionGetInputName = 36;
    internal const int SessionGetOutputName = 37;
    internal const int CreateTensorAsOrtValue = 48;
    internal const int CreateTensorWithDataAsOrtValue = 49;
    internal const int IsTensor = 50;
    internal const int GetTensorMutableData = 51;
    internal const int CastTypeInfoToTensorInfo = 55;
    internal const int GetOnnxTypeFromTypeInfo = 56;
    internal const int GetTensorElementType = 60;
    internal const int GetDimensionsCount = 61;
    internal const int GetDimensions = 62;
    internal const int GetSymbolicDimensions = 63;
    internal const int GetTensorShapeElementCount = 64;
    internal const int GetTensorTypeAndShape = 65;
    internal const int CreateCpuMemoryInfo = 69;
    internal const int AllocatorFree = 76;
    internal const int GetAllocatorWithDefaultOptions = 78;
    internal const int ReleaseEnv = 92;
    internal const int ReleaseStatus = 93;
    internal const int ReleaseMemoryInfo = 94;
    internal const int ReleaseSession = 95;
    internal const int ReleaseValue = 96;
    internal const int ReleaseTypeInfo = 98;
    internal const int ReleaseTensorTypeAndShapeInfo = 99;
    internal const int ReleaseSessionOptions = 100;
    internal const int SessionEndProfiling = 110;
    internal const int GetAvailableProviders = 125;
    internal const int ReleaseAvailableProviders = 126;
    internal const int AddSessionConfigEntry = 130;
    internal const int RunWithBinding = 133;
    internal const int CreateIoBinding = 134;
    internal const int ReleaseIoBinding = 135;
    internal const int BindInput = 136;
    internal const int BindOutput = 137;
    internal const int BindOutputToDevice = 138;
    internal const int GetBoundOutputValues = 140;
    internal const int ClearBoundInputs = 141;
    internal const int ClearBoundOutputs = 142;
    internal const int SessionOptionsAppendExecutionProviderCudaV2 = 204;
    internal const int CreateCudaProviderOptions = 205;
    internal const int UpdateCudaProviderOptions = 206;
    internal const int ReleaseCudaProviderOptions = 208;
    internal const int SessionOptionsAppendExecutionProvider = 216;

    /// <summary>ONNXType value of a plain tensor (ONNX_TYPE_TENSOR).</summary>
    internal const int OnnxTypeTensor = 1;

    private readonly nint* _table;

    internal OrtApi(nint table)
    {
        _table = (nint*)table;
        DefaultAllocator = GetDefaultAllocator();
    }

    /// <summary>ORT's process-wide CPU allocator; ORT owns it, so it is never released.</summary>
    internal nint DefaultAllocator { get; }

    /// <summary>The raw entry at <paramref name="index"/>, for tests that check the table.</summary>
    internal nint this[int index] => _table[index];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Check(nint status)
    {
        if (status != 0)
        {
            ThrowStatus(status);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowStatus(nint status)
    {
        int code;
        string message;
        using (var owned = new StatusHandle(this))
        {
            owned.Attach(status);
            code = ((delegate* unmanaged[Cdecl]<nint, int>)_table[GetErrorCode])(status);
            message = Marshal.PtrToStringUTF8(((delegate* unmanaged[Cdecl]<nint, nint>)_table[GetErrorMessage])(status)) ?? string.Empty;
        }

        throw new OrtException((OrtErrorCode)code, message);
    }

    private nint GetDefaultAllocator()
    {
        nint allocator;
        Check(((delegate* unmanaged[Cdecl]<nint*, nint>)_table[GetAllocatorWithDefaultOptions])(&allocator));
        return allocator;
    }

    // --- Release functions (void return) --------------------------------------------------------

    internal void Release(int index, nint handle) => ((delegate* unmanaged[Cdecl]<nint, void>)_table[index])(handle);

    /// <summary>Calls a <c>void Fn(OrtX*)</c> entry such as ClearBoundInputs.</summary>
    internal void CallVoid(int index, nint handle) => ((delegate* unmanaged[Cdecl]<nint, void>)_table[index])(handle);

    /// <summary>Calls an <c>OrtStatus* Fn(OrtX*)</c> entry.</summary>
    internal void Call(int index, nint a) => Check(((delegate* unmanaged[Cdecl]<nint, nint>)_table[index])(a));

    // --- Environment ------------------------------------------------------------------------------

    internal nint NewEnv(OrtLoggingLevel level, byte* logId)
    {
        nint env;
        Check(((delegate* unmanaged[Cdecl]<int, byte*, nint*, nint>)_table[CreateEnv])((int)level, logId, &env));
        return env;
    }

    internal void AvailableProviders(byte*** names, int* count) =>
        Check(((delegate* unmanaged[Cdecl]<byte***, int*, nint>)_table[GetAvailableProviders])(names, count));

    internal void FreeAvailableProviders(byte** names, int count) =>
        Check(((delegate* unmanaged[Cdecl]<byte**, int, nint>)_table[ReleaseAvailableProviders])(names, count));

    internal void Free(nint allocator, void* memory) =>
        Check(((delegate* unmanaged[Cdecl]<nint, void*, nint>)_table[AllocatorFree])(allocator, memory));

    internal nint NewCpuMemoryInfo(int allocatorType, int memType)
    {
        nint info;
        Check(((delegate* unmanaged[Cdecl]<int, int, nint*, nint>)_table[CreateCpuMemoryInfo])(allocatorType, memType, &info));
        return info;
    }

    // --- Session options --------------------------------------------------------------------------

    internal nint NewSessionOptions()
    {
        nint options;
        Check(((delegate* unmanaged[Cdecl]<nint*, nint>)_table[CreateSessionOptions])(&options));
        return options;
    }

    /// <summary>Calls an <c>OrtStatus* Fn(OrtSessionOptions*, int)</c> setter.</summary>
    internal void SetInt(int index, nint options, int value) =>
        Check(((delegate* unmanaged[Cdecl]<nint, int, nint>)_table[index])(options, value));

    /// <summary>Calls an <c>OrtStatus* Fn(OrtX*, const char*)</c> entry.</summary>
    internal void SetString(int index, nint target, byte* value) =>
        Check(((delegate* unmanaged[Cdecl]<nint, byte*, nint>)_table[index])(target, value));

    internal void AddConfigEntry(nint options, byte* key, byte* value) =>
        Check(((delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint>)_table[AddSessionConfigEntry])(options, key, value));

    internal void AppendProvider(nint options, byte* name, byte** keys, byte** values, nuint count) =>
        Check(((delegate* unmanaged[Cdecl]<nint, byte*, byte**, byte**, nuint, nint>)_table[SessionOptionsAppendExecutionProvider])(
            options, name, keys, values, count));

    internal nint NewCudaProviderOptions()
    {
        nint cuda;
        Check(((delegate* unmanaged[Cdecl]<nint*, nint>)_table[CreateCudaProviderOptions])(&cuda));
        return cuda;
    }

    internal void UpdateCuda(nint cuda, byte** keys, byte** values, nuint count) =>
        Check(((delegate* unmanaged[Cdecl]<nint, byte**, byte**, nuint, nint>)_table[UpdateCudaProviderOptions])(cuda, keys, values, count));

    internal void AppendCuda(nint options, nint cuda) =>
        Check(((delegate* unmanaged[Cdecl]<nint, nint, nint>)_table[SessionOptionsAppendExecutionProviderCudaV2])(options, cuda));

    // --- Session ----------------------------------------------------------------------------------

    internal nint NewSession(nint env, byte* path, nint options)
    {
        nint session;
        Check(((delegate* unmanaged[Cdecl]<nint, byte*, nint, nint*, nint>)_table[CreateSession])(env, path, options, &session));
        return session;
    }

    internal nint NewSessionFromArray(nint env, byte* data, nuint length, nint options)
    {
        nint session;
        Check(((delegate* unmanaged[Cdecl]<nint, byte*, nuint, nint, nint*, nint>)_table[CreateSessionFromArray])(
            env, data, length, options, &session));
        return session;
    }

    internal nuint GetCount(int index, nint session)
    {
        nuint count;
        Check(((delegate* unmanaged[Cdecl]<nint, nuint*, nint>)_table[index])(session, &count));
        return count;
    }

    /// <summary>SessionGetInputName / SessionGetOutputName: the string is allocated by <paramref name="allocator"/>.</summary>
    internal byte* GetName(int index, nint session, nuint position, nint allocator)
    {
        byte* name;
        Check(((delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint>)_table[index])(session, position, allocator, &name));
        return name;
    }

    internal nint GetTypeInfo(int index, nint session, nuint position)
    {
        nint typeInfo;
        Check(((delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint>)_table[index])(session, position, &typeInfo));
        return typeInfo;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void RunSession(nint session, nint runOptions, byte** inputNames, nint* inputs, nuint inputCount,
        byte** outputNames, nuint outputCount, nint* outputs) =>
        Check(((delegate* unmanaged[Cdecl]<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint>)_table[Run])(
            session, runOptions, inputNames, inputs, inputCount, outputNames, outputCount, outputs));

    internal byte* EndProfilingSession(nint session, nint allocator)
    {
        byte* path;
        Check(((delegate* unmanaged[Cdecl]<nint, nint, byte**, nint>)_table[SessionEndProfiling])(session, allocator, &path));
        return path;
    }

    // --- Type information -------------------------------------------------------------------------

    internal int OnnxTypeOf(nint typeInfo)
    {
        int type;
        Check(((delegate* unmanaged[Cdecl]<nint, int*, nint>)_table[GetOnnxTypeFromTypeInfo])(typeInfo, &type));
        return type;
    }

    /// <summary>The tensor view of a type info, owned by it (never released); 0 for non-tensors.</summary>
    internal nint AsTensorInfo(nint typeInfo)
    {
        nint info;
        Check(((delegate* unmanaged[Cdecl]<nint, nint*, nint>)_table[CastTypeInfoToTensorInfo])(typeInfo, &info));
        return info;
    }

    internal int ElementTypeOf(nint tensorInfo)
    {
        int type;
        Check(((delegate* unmanaged[Cdecl]<nint, int*, nint>)_table[GetTensorElementType])(tensorInfo, &type));
        return type;
    }

    internal nuint DimensionCount(nint tensorInfo)
    {
        nuint count;
        Check(((delegate* unmanaged[Cdecl]<nint, nuint*, nint>)_table[GetDimensionsCount])(tensorInfo, &count));
        return count;
    }

    internal void Dimensions(nint tensorInfo, long* dims, nuint count) =>
        Check(((delegate* unmanaged[Cdecl]<nint, long*, nuint, nint>)_table[GetDimensions])(tensorInfo, dims, count));

    internal void SymbolicDimensions(nint tensorInfo, byte** names, nuint count) =>
        Check(((delegate* unmanaged[Cdecl]<nint, byte**, nuint, nint>)_table[GetSymbolicDimensions])(tensorInfo, names, count));

    internal nuint ElementCount(nint tensorInfo)
    {
        nuint count;
        Check(((delegate* unmanaged[Cdecl]<nint, nuint*, nint>)_table[GetTensorShapeElementCount])(tensorInfo, &count));
        return count;
    }

    // --- Values -----------------------------------------------------------------------------------

    internal nint NewTensor(nint allocator, long* shape, nuint rank, int elementType)
    {
        nint value;
        Check(((delegate* unmanaged[Cdecl]<nint, long*, nuint, int, nint*, nint>)_table[CreateTensorAsOrtValue])(
            allocator, shape, rank, elementType, &value));
        return value;
    }

    internal nint NewTensorOver(nint memoryInfo, void* data, nuint bytes, long* shape, nuint rank, int elementType)
    {
        nint value;
        Check(((delegate* unmanaged[Cdecl]<nint, void*, nuint, long*, nuint, int, nint*, nint>)_table[CreateTensorWithDataAsOrtValue])(
            memoryInfo, data, bytes, shape, rank, elementType, &value));
        return value;
    }

    internal bool ValueIsTensor(nint value)
    {
        int isTensor;
        Check(((delegate* unmanaged[Cdecl]<nint, int*, nint>)_table[IsTensor])(value, &isTensor));
        return isTensor != 0;
    }

    internal void* TensorData(nint value)
    {
        void* data;
        Check(((delegate* unmanaged[Cdecl]<nint, void**, nint>)_table[GetTensorMutableData])(value, &data));
        return data;
    }

    /// <summary>A new type-and-shape info the caller must release.</summary>
    internal nint TensorTypeAndShape(nint value)
    {
        nint info;
        Check(((delegate* unmanaged[Cdecl]<nint, nint*, nint>)_table[GetTensorTypeAndShape])(value, &info));
        return info;
    }

    // --- I/O binding ------------------------------------------------------------------------------

    internal nint NewIoBinding(nint session)
    {
        nint binding;
        Check(((delegate* unmanaged[Cdecl]<nint, nint*, nint>)_table[CreateIoBinding])(session, &binding));
        return binding;
    }

    /// <summary>BindInput / BindOutput: <c>OrtStatus* Fn(OrtIoBinding*, const char*, const OrtValue*)</c>.</summary>
    internal void Bind(int index, nint binding, byte* name, nint value) =>
        Check(((delegate* unmanaged[Cdecl]<nint, byte*, nint, nint>)_table[index])(binding, name, value));

    internal void BindToDevice(nint binding, byte* name, nint memoryInfo) =>
        Check(((delegate* unmanaged[Cdecl]<nint, byte*, nint, nint>)_table[BindOutputToDevice])(binding, name, memoryInfo));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void RunBinding(nint session, nint runOptions, nint binding) =>
        Check(((delegate* unmanaged[Cdecl]<nint, nint, nint, nint>)_table[RunWithBinding])(session, runOptions, binding));

    internal void BoundOutputValues(nint binding, nint allocator, nint** values, nuint* count) =>
        Check(((delegate* unmanaged[Cdecl]<nint, nint, nint**, nuint*, nint>)_table[GetBoundOutputValues])(binding, allocator, values, count));
}
