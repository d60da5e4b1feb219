import type {
  ArgMinMaxAttrs,
  AxesAttrs,
  AxisAttrs,
  BroadcastInDimAttrs,
  CallAttrs,
  ConstantAttrs,
  ConvGeneralAttrs,
  DotGeneralAttrs,
  DTypeAttrs,
  DynamicSliceAttrs,
  GatherAttrs,
  IfAttrs,
  IotaAttrs,
  NoAttrs,
  PadAttrs,
  ParameterAttrs,
  ReduceWindowAttrs,
  ReshapeAttrs,
  RngBitGeneratorAttrs,
  ScatterAttrs,
  SelectAndScatterAttrs,
  SliceAttrs,
  SortAttrs,
  TransposeAttrs,
  WhileAttrs,
} from './attrs.js';

/** The attribute type of every primitive op; its keys are the op names. */
export interface OpAttrs {
  /** See {@link ParameterAttrs}. */ parameter: ParameterAttrs;
  /** See {@link ConstantAttrs}. */ constant: ConstantAttrs;
  /** See {@link IotaAttrs}. */ iota: IotaAttrs;
  /** |x|. */ abs: NoAttrs;
  /** -x. */ neg: NoAttrs;
  /** Sign of x. */ sign: NoAttrs;
  /** Ceiling. */ ceil: NoAttrs;
  /** Floor. */ floor: NoAttrs;
  /** Round half to even. */ round: NoAttrs;
  /** e^x. */ exp: NoAttrs;
  /** e^x - 1. */ expm1: NoAttrs;
  /** ln x. */ log: NoAttrs;
  /** ln(1 + x). */ log1p: NoAttrs;
  /** Sigmoid. */ logistic: NoAttrs;
  /** Square root. */ sqrt: NoAttrs;
  /** 1/sqrt. */ rsqrt: NoAttrs;
  /** Sine. */ sin: NoAttrs;
  /** Cosine. */ cos: NoAttrs;
  /** tanh. */ tanh: NoAttrs;
  /** Error function. */ erf: NoAttrs;
  /** Finite test. */ isFinite: NoAttrs;
  /** NaN test. */ isNaN: NoAttrs;
  /** Bitwise not. */ bitwiseNot: NoAttrs;
  /** Logical not. */ logicalNot: NoAttrs;
  /** Population count. */ bitCount: NoAttrs;
  /** Leading zeros. */ clz: NoAttrs;
  /** Addition. */ add: NoAttrs;
  /** Subtraction. */ sub: NoAttrs;
  /** Multiplication. */ mul: NoAttrs;
  /** Division. */ div: NoAttrs;
  /** Remainder. */ rem: NoAttrs;
  /** Power. */ pow: NoAttrs;
  /** Maximum. */ max: NoAttrs;
  /** Minimum. */ min: NoAttrs;
  /** atan2. */ atan2: NoAttrs;
  /** Bitwise and. */ bitwiseAnd: NoAttrs;
  /** Bitwise or. */ bitwiseOr: NoAttrs;
  /** Bitwise xor. */ bitwiseXor: NoAttrs;
  /** Shift left. */ shiftLeft: NoAttrs;
  /** Arithmetic shift right. */ shiftRightArithmetic: NoAttrs;
  /** Logical shift right. */ shiftRightLogical: NoAttrs;
  /** Logical and. */ logicalAnd: NoAttrs;
  /** Logical or. */ logicalOr: NoAttrs;
  /** Logical xor. */ logicalXor: NoAttrs;
  /** Equality. */ equal: NoAttrs;
  /** Inequality. */ notEqual: NoAttrs;
  /** Greater than. */ greaterThan: NoAttrs;
  /** Greater or equal. */ greaterOrEqual: NoAttrs;
  /** Less than. */ lessThan: NoAttrs;
  /** Less or equal. */ lessOrEqual: NoAttrs;
  /** See {@link DTypeAttrs}. */ convertDType: DTypeAttrs;
  /** See {@link DTypeAttrs}. */ bitcast: DTypeAttrs;
  /** See {@link BroadcastInDimAttrs}. */ broadcastInDim: BroadcastInDimAttrs;
  /** See {@link ReshapeAttrs}. */ reshape: ReshapeAttrs;
  /** See {@link TransposeAttrs}. */ transpose: TransposeAttrs;
  /** See {@link AxesAttrs}. */ reverse: AxesAttrs;
  /** See {@link AxisAttrs}. */ concatenate: AxisAttrs;
  /** See {@link SliceAttrs}. */ slice: SliceAttrs;
  /** See {@link DynamicSliceAttrs}. */ dynamicSlice: DynamicSliceAttrs;
  /** No attributes. */ dynamicUpdateSlice: NoAttrs;
  /** See {@link PadAttrs}. */ pad: PadAttrs;
  /** Select. */ where: NoAttrs;
  /** Clamp. */ clamp: NoAttrs;
  /** See {@link AxesAttrs}. */ reduceSum: AxesAttrs;
  /** See {@link AxesAttrs}. */ reduceProduct: AxesAttrs;
  /** See {@link AxesAttrs}. */ reduceMax: AxesAttrs;
  /** See {@link AxesAttrs}. */ reduceMin: AxesAttrs;
  /** See {@link AxesAttrs}. */ reduceBitwiseAnd: AxesAttrs;
  /** See {@link AxesAttrs}. */ reduceBitwiseOr: AxesAttrs;
  /** See {@link AxesAttrs}. */ reduceBitwiseXor: AxesAttrs;
  /** See {@link AxesAttrs}. */ reduceLogicalAnd: AxesAttrs;
  /** See {@link AxesAttrs}. */ reduceLogicalOr: AxesAttrs;
  /** See {@link AxesAttrs}. */ reduceLogicalXor: AxesAttrs;
  /** See {@link ArgMinMaxAttrs}. */ argMinMax: ArgMinMaxAttrs;
  /** See {@link ReduceWindowAttrs}. */ reduceWindow: ReduceWindowAttrs;
  /** See {@link SelectAndScatterAttrs}. */ selectAndScatterMax: SelectAndScatterAttrs;
  /** See {@link SelectAndScatterAttrs}. */ selectAndScatterMin: SelectAndScatterAttrs;
  /** See {@link SelectAndScatterAttrs}. */ selectAndScatterSum: SelectAndScatterAttrs;
  /** See {@link DotGeneralAttrs}. */ dotGeneral: DotGeneralAttrs;
  /** See {@link ConvGeneralAttrs}. */ convGeneral: ConvGeneralAttrs;
  /** See {@link GatherAttrs}. */ gather: GatherAttrs;
  /** See {@link ScatterAttrs}. */ scatterSum: ScatterAttrs;
  /** See {@link ScatterAttrs}. */ scatterMax: ScatterAttrs;
  /** See {@link ScatterAttrs}. */ scatterMin: ScatterAttrs;
  /** See {@link RngBitGeneratorAttrs}. */ rngBitGenerator: RngBitGeneratorAttrs;
  /** See {@link WhileAttrs}. */ while: WhileAttrs;
  /** See {@link IfAttrs}. */ if: IfAttrs;
  /** See {@link SortAttrs}. */ sort: SortAttrs;
  /** See {@link CallAttrs}. */ call: CallAttrs;
}

/** The name of a primitive op. */
export type OpName = keyof OpAttrs;
