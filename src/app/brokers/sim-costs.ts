import { fixedCommission, perShareCommission, percentCommission, zeroCommission, type CommissionModel } from '../../domain/costs/commission.js';
import { fixedBpsSlippage, noSlippage, sizeBasedSlippage, type SlippageModel } from '../../domain/costs/slippage.js';
import type { CommissionSpec, SlippageSpec } from '../cost-spec.js';

export function commissionModel(spec: CommissionSpec | undefined): CommissionModel {
  switch (spec?.model) {
    case undefined:
    case 'none':
      return zeroCommission();
    case 'per-share':
      return perShareCommission({ perShare: spec.perShare, minimum: spec.minimum });
    case 'percent':
      return percentCommission(spec.percent);
    case 'fixed':
      return fixedCommission(spec.amount);
  }
}

export function slippageModel(spec: SlippageSpec | undefined): SlippageModel {
  switch (spec?.model) {
    case undefined:
    case 'none':
      return noSlippage();
    case 'bps':
      return fixedBpsSlippage(spec.bps);
    case 'size':
      return sizeBasedSlippage({
        bpsPerDisplayedSize: spec.bpsPerDisplayedSize,
        baseBps: spec.baseBps,
        ...(spec.maxBps !== undefined && { maxBps: spec.maxBps }),
      });
  }
}
