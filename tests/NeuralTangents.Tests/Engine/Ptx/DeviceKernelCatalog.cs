using System.Reflection;
using ILGPU;

namespace NeuralTangents.Tests.Engine.Ptx;

/// <summary>
/// Every device kernel the engine can load, derived from the code rather than listed by hand: the kernels are the
/// static void methods of an assembly whose first parameter is an ILGPU index (<see cref="IIndex"/>), and each type
/// parameter with an interface constraint (the scalar adapter <c>IScalar&lt;T&gt;</c>, the nonlinearity
/// <c>IDualActivation</c>, the fused chain <c>IFusedChain&lt;TVariances&gt;</c>…) takes every struct of a pool of types
/// that satisfies it. Type parameters without such a constraint (<c>T</c>, <c>TVariances</c>) follow from the
/// constrained ones (float from <c>FloatScalar</c>, a chain's variances from the chain), so a new kernel, scalar
/// adapter, nonlinearity or chain is covered without editing this class.
/// </summary>
internal static class DeviceKernelCatalog
{
    private const BindingFlags AnyStatic = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    /// <summary>The runtime library, whose kernels the engine loads.</summary>
    public static Assembly Runtime => typeof(KernelEngine).Assembly;

    /// <summary>The kernel method definitions of <paramref name="assembly"/>, ordered by name.</summary>
    public static IReadOnlyList<MethodInfo> KernelMethods(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(type => type.GetMethods(AnyStatic))
            .Where(IsKernel)
            .OrderBy(method => method.DeclaringType!.FullName, StringComparer.Ordinal)
            .ThenBy(method => method.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Every instantiation of <paramref name="kernels"/> over the structs of <paramref name="pool"/>; a kernel whose
    /// type parameters cannot all be bound yields one case carrying the reason.
    /// </summary>
    public static IReadOnlyList<DeviceKernel> Instantiations(IEnumerable<MethodInfo> kernels, IEnumerable<Type> pool)
    {
        var structs = pool.Where(type => type.IsValueType && !type.ContainsGenericParameters && !type.IsEnum).ToList();
        var result = new List<DeviceKernel>();
        foreach (var kernel in kernels)
        {
            if (!kernel.IsGenericMethodDefinition)
            {
                result.Add(new DeviceKernel(Describe(kernel, []), kernel, null));
                continue;
            }
            var parameters = kernel.GetGenericArguments();
            var bindings = Bind(parameters.Where(p => Constraints(p).Any()).ToList(), 0, new Dictionary<Type, Type>(), structs).ToList();
            if (bindings.Count == 0)
            {
                result.Add(new DeviceKernel(Describe(kernel, parameters), null,
                    $"no struct of the pool satisfies the constraints of {string.Join(", ", parameters.Select(p => p.Name))}"));
                continue;
            }
            foreach (var binding in bindings)
            {
                var unbound = parameters.Where(p => !binding.ContainsKey(p)).Select(p => p.Name).ToList();
                var arguments = parameters.Select(p => binding.GetValueOrDefault(p, p)).ToArray();
                result.Add(unbound.Count > 0
                    ? new DeviceKernel(Describe(kernel, arguments), null,
                        $"type parameter(s) {string.Join(", ", unbound)} have no interface constraint that binds them")
                    : Close(kernel, arguments));
            }
        }
        return result;
    }

    /// <summary>The closed kernel, or the reason the arguments break a constraint the catalog does not unify (unmanaged, struct).</summary>
    private static DeviceKernel Close(MethodInfo kernel, Type[] arguments)
    {
        try
        {
            return new DeviceKernel(Describe(kernel, arguments), kernel.MakeGenericMethod(arguments), null);
        }
        catch (ArgumentException e)
        {
            return new DeviceKernel(Describe(kernel, arguments), null, e.Message);
        }
    }

    /// <summary>Every struct in the runtime library that implements an interface (scalar adapters, nonlinearities, chains).</summary>
    public static IEnumerable<Type> RuntimeStructs() =>
        Runtime.GetTypes().Where(type => type.IsValueType && type.GetInterfaces().Length > 0);

    /// <summary>A kernel is a static void method whose first parameter is an ILGPU index (Index1D, Index2D, LongIndex1D …).</summary>
    private static bool IsKernel(MethodInfo method) =>
        method.ReturnType == typeof(void) && method.GetParameters() is [var first, ..] && typeof(IIndex).IsAssignableFrom(first.ParameterType);

    private static IEnumerable<Type> Constraints(Type parameter) =>
        parameter.GetGenericParameterConstraints().Where(constraint => constraint.IsInterface);

    /// <summary>Depth-first over the constrained parameters: each takes every struct that satisfies all its interface constraints.</summary>
    private static IEnumerable<Dictionary<Type, Type>> Bind(IReadOnlyList<Type> constrained, int index, Dictionary<Type, Type> binding, IReadOnlyList<Type> structs)
    {
        if (index == constrained.Count)
        {
            yield return binding;
            yield break;
        }
        var parameter = constrained[index];
        foreach (var candidate in structs)
        {
            if (binding.TryGetValue(parameter, out var bound) && bound != candidate) continue;
            var next = new Dictionary<Type, Type>(binding) { [parameter] = candidate };
            if (!Constraints(parameter).All(constraint => Unify(constraint, candidate, next))) continue;
            foreach (var complete in Bind(constrained, index + 1, next, structs)) yield return complete;
        }
    }

    /// <summary>
    /// Whether <paramref name="candidate"/> implements <paramref name="constraint"/>, binding the kernel's type
    /// parameters that appear as the constraint's type arguments (IScalar&lt;T&gt; on FloatScalar binds T = float).
    /// </summary>
    private static bool Unify(Type constraint, Type candidate, Dictionary<Type, Type> binding)
    {
        if (!constraint.ContainsGenericParameters) return constraint.IsAssignableFrom(candidate);
        var definition = constraint.GetGenericTypeDefinition();
        foreach (var implemented in candidate.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition))
        {
            var trial = new Dictionary<Type, Type>(binding);
            if (!constraint.GetGenericArguments().Zip(implemented.GetGenericArguments()).All(pair => Match(pair.First, pair.Second, trial))) continue;
            foreach (var (key, value) in trial) binding[key] = value;
            return true;
        }
        return false;
    }

    private static bool Match(Type pattern, Type actual, Dictionary<Type, Type> binding)
    {
        if (!pattern.IsGenericParameter) return pattern == actual;
        if (binding.TryGetValue(pattern, out var bound)) return bound == actual;
        binding[pattern] = actual;
        return true;
    }

    private static string Describe(MethodInfo kernel, Type[] arguments) =>
        $"{kernel.DeclaringType!.Name}.{kernel.Name}" + (arguments.Length == 0 ? "" : $"<{string.Join(", ", arguments.Select(Describe))}>");

    private static string Describe(Type type) =>
        type.IsGenericParameter ? type.Name : type.DeclaringType is { } outer ? $"{Describe(outer)}.{type.Name}" : type.Name;
}
