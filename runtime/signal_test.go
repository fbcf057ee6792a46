package runtime

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestInterrupterCancelsTheInnermostScope(t *testing.T) {
	signals := make(chan os.Signal)
	in := watchInterrupts(signals)
	defer in.stop()

	outer, releaseOuter := in.scope(context.Background())
	defer releaseOuter()
	inner, releaseInner := in.scope(context.Background())

	signals <- os.Interrupt
	<-inner.Done()
	assert.ErrorIs(t, context.Cause(inner), errInterrupted)
	assert.NoError(t, outer.Err(), "only the innermost scope is cancelled")

	releaseInner()
	releaseInner()
	signals <- os.Interrupt
	<-outer.Done()
	assert.ErrorIs(t, context.Cause(outer), errInterrupted)
}

func TestInterrupterDropsCtrlCOutsideEveryScope(t *testing.T) {
	in := watchInterrupts(nil)
	defer in.stop()

	ctx, release := in.scope(context.Background())
	release()
	in.interrupt()

	later, releaseLater := in.scope(context.Background())
	defer releaseLater()
	assert.ErrorIs(t, context.Cause(ctx), context.Canceled, "released, not interrupted")
	assert.NoError(t, later.Err(), "an old Ctrl-C does not reach a later scope")
}

func TestInterruptedOr(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	failure := assert.AnError

	assert.Equal(t, failure, interruptedOr(ctx, failure))
	assert.NoError(t, interruptedOr(ctx, nil))
	cancel()
	assert.Equal(t, errInterrupted, interruptedOr(ctx, failure))
	assert.NoError(t, interruptedOr(ctx, nil))
}
